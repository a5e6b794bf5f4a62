namespace Beach.Actors.Audit;

/// <summary>
/// The append-only audit log. <see cref="AppendAsync"/> completes only when the record is durable, so a response
/// that acknowledges an event can be sent after it and never before. Each tenant's records form one hash chain in seq
/// order (<see cref="AuditChain"/>), which every implementation extends as it appends.
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

    /// <summary>
    /// The tenant's records that match <paramref name="query"/>, in seq order (which is their hash chain's order).
    /// Without filters, the pages from cursor 0 on are the tenant's whole chain.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The query is out of bounds (<see cref="AuditQuery.Validate"/>).</exception>
    Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
