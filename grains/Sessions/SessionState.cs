using System.Text.Json;

namespace Beach.Actors.Sessions;

/// <summary>What a session keeps in grain storage.</summary>
internal sealed class SessionState
{
    public string? SessionId { get; set; }

    public string? HarnessId { get; set; }

    public string? HarnessType { get; set; }

    public List<string> Capabilities { get; set; } = [];

    public JsonElement? Metadata { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    public DateTimeOffset? LastHeartbeatAt { get; set; }

    public string? HarnessHealth { get; set; }

    public StaleLeasePolicy LeaseOnStale { get; set; }

    /// <summary>When the harness was last found silent and that was recorded; null while it is live.</summary>
    public DateTimeOffset? StaleRecordedAt { get; set; }

    /// <summary>Where replaying the action stream starts: a point at which the queue was empty.</summary>
    public ActionCheckpoint? Actions { get; set; }
}

/// <summary>
/// Where a session's action stream is replayed from: a point after which the records hold every action still pending
/// (the queue was empty there, or it is just before the record that queued the oldest pending action).
/// </summary>
internal sealed class ActionCheckpoint
{
    /// <summary>The audit log's sequence number after which replay reads.</summary>
    public long AuditSeq { get; set; }

    /// <summary>The stream's version when the checkpoint was taken; replay takes newer ones from the records it reads.</summary>
    public long StreamVersion { get; set; }

    /// <summary>The last action sequence number given out.</summary>
    public long LastSeq { get; set; }

    /// <summary>The highest fencing token seen.</summary>
    public long HighestFencingToken { get; set; }
}
