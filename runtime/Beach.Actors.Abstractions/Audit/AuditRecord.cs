namespace Beach.Actors.Audit;

/// <summary>
/// An event to append to the audit log. Each stream (for example one session's controller events) has its own
/// version: an append that names <see cref="ExpectedVersion"/> succeeds only if the stream is at that version,
/// which lets a grain use its stream as optimistically-concurrent state.
/// </summary>
/// <param name="Tenant">The tenant the event belongs to.</param>
/// <param name="Stream">The stream, for example <c>controller/{session}</c>.</param>
/// <param name="Kind">What happened, for example <c>granted</c>.</param>
/// <param name="Actor">Who caused it (a controller, principal or the system), if anyone.</param>
/// <param name="Data">The event's fields as a JSON object.</param>
/// <param name="At">When it happened.</param>
/// <param name="ExpectedVersion">The stream version this append expects to follow, or null to append regardless.</param>
public sealed record AuditEntry(
    string Tenant,
    string Stream,
    string Kind,
    string? Actor,
    string Data,
    DateTimeOffset At,
    long? ExpectedVersion = null);

/// <summary>An event as stored, with its global sequence number and its version within its stream.</summary>
public sealed record AuditRecord(
    long Seq,
    string Tenant,
    string Stream,
    long StreamVersion,
    string Kind,
    string? Actor,
    string Data,
    DateTimeOffset At);
