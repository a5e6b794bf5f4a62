using System.Text.Json.Serialization;

namespace Beach.Actors.Gateway.Audit;

/// <summary>One record of <c>GET /audit</c>; <c>data</c> is the event's JSON exactly as stored, so its hash can be recomputed.</summary>
internal sealed record AuditRecordResponse(
    long Seq,
    string Stream,
    long StreamVersion,
    string Kind,
    string? Actor,
    [property: JsonConverter(typeof(RawJsonConverter))] string Data,
    DateTimeOffset At,
    string PrevHash,
    string Hash);

/// <summary>
/// A page of <c>GET /audit</c>, oldest first; pass <c>next_cursor</c> as <c>after</c> to read on. <c>tenant</c> is the
/// tenant whose chain the records belong to (it is part of every hash).
/// </summary>
internal sealed record AuditPage(string Tenant, AuditRecordResponse[] Records, long NextCursor);
