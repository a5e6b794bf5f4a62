using System.Collections.Immutable;
using System.Text.Json;

namespace Beach.Actors.Sessions;

/// <summary>A registered session as the control plane sees it now.</summary>
[Immutable]
public sealed record SessionInfo(
    string SessionId,
    string HarnessId,
    string HarnessType,
    ImmutableArray<string> Capabilities,
    JsonElement Metadata,
    SessionStatus Status,
    string? HarnessHealth,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? LastHeartbeatAt);

/// <summary>
/// A session's liveness: <see cref="Registered"/> until its harness first reports health, then
/// <see cref="Active"/> while heartbeats arrive within the deadline and <see cref="Stale"/> once they stop.
/// </summary>
public enum SessionStatus
{
    /// <summary>Registered; no heartbeat yet.</summary>
    Registered,

    /// <summary>The last heartbeat is within the deadline.</summary>
    Active,

    /// <summary>The last heartbeat is older than the deadline.</summary>
    Stale,
}
