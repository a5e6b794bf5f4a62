namespace Beach.Actors.Audit;

/// <summary>
/// The append-only audit log. <see cref="AppendAsync"/> completes only when the record is durable, so a response
/// that acknowledges an event can be sent after it and never before.
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Appends one event and completes once it is on disk. Throws <see cref="Persistence.InconsistentStateException"/>
    /// when <see cref="AuditEntry.ExpectedVersion"/> is set and the stream is at another version, and
    /// <see cref="OverloadedException"/> when the writer's bounded queue is full.
    /// </summary>
    ValueTask<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>A stream's records with a global sequence number above <paramref name="afterSeq"/>, oldest first.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadStreamAsync(string tenant, string stream, long afterSeq, int limit, CancellationToken cancellationToken = default);

    /// <summary>The newest record of a stream, or null when it is empty.</summary>
    Task<AuditRecord?> ReadLastAsync(string tenant, string stream, CancellationToken cancellationToken = default);
}
