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
[Immutable]
public sealed record AuditEntry(
    string Tenant,
    string Stream,
    string Kind,
    string? Actor,
    string Data,
    DateTimeOffset At,
    long? ExpectedVersion = null);

/// <summary>
/// An event as stored, with its global sequence number, its version within its stream and its link in the tenant's
/// hash chain (see <see cref="AuditChain"/>).
/// </summary>
/// <param name="Seq">The global sequence number: it rises with every record of the log, across tenants, with gaps.</param>
/// <param name="Tenant">The tenant the event belongs to.</param>
/// <param name="Stream">The stream.</param>
/// <param name="StreamVersion">The record's version within its stream, from 1 without gaps.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Actor">Who caused it, if anyone.</param>
/// <param name="Data">The event's fields as JSON, exactly as written.</param>
/// <param name="At">When it happened, to the millisecond, in UTC.</param>
/// <param name="PrevHash">The hash of the tenant's previous record (lowercase hex), or <see cref="AuditChain.GENESIS_HASH"/>.</param>
/// <param name="Hash">This record's hash (lowercase hex): <see cref="AuditChain.ComputeHash(AuditRecord)"/>.</param>
[Immutable]
public sealed record AuditRecord(
    long Seq,
    string Tenant,
    string Stream,
    long StreamVersion,
    string Kind,
    string? Actor,
    string Data,
    DateTimeOffset At,
    string PrevHash,
    string Hash);
