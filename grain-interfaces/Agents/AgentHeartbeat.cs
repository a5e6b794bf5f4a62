using System.Collections.Immutable;

namespace Beach.Actors.Agents;

/// <summary>One heartbeat (seed 003, "Heartbeat Monitoring").</summary>
/// <param name="Health">The agent's own word: <c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>.</param>
/// <param name="UptimeSeconds">How long the agent process has run, if it says.</param>
/// <param name="Metrics">Optional gauges sent with the beat; recorded like <c>POST /agents/{id}/metrics</c>.</param>
[Immutable]
public sealed record AgentHeartbeat(string Health, long? UptimeSeconds, ImmutableDictionary<string, double>? Metrics);

/// <summary>An agent's health as <c>GET /agents/{id}/health</c> shows it.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Status">Its lifecycle state.</param>
/// <param name="Health">The word of its last heartbeat, if any.</param>
/// <param name="LastHeartbeatAt">When it last beat.</param>
/// <param name="UptimeSeconds">The uptime of its last heartbeat.</param>
/// <param name="HeartbeatInterval">The interval it is expected to beat at.</param>
/// <param name="MissedHeartbeats">Whole intervals passed since the last beat (or since it started).</param>
/// <param name="FailAfterMissed">How many missed beats turn it Failed.</param>
/// <param name="RestartAttempts">Restarts in a row since it last beat after a failure.</param>
/// <param name="NextRestartAt">When its restart policy brings it back, while Failed.</param>
/// <param name="LastFailure">Why it last failed, if it did.</param>
[Immutable]
public sealed record AgentHealth(
    string AgentId,
    AgentStatus Status,
    string? Health,
    DateTimeOffset? LastHeartbeatAt,
    long? UptimeSeconds,
    TimeSpan HeartbeatInterval,
    int MissedHeartbeats,
    int FailAfterMissed,
    int RestartAttempts,
    DateTimeOffset? NextRestartAt,
    string? LastFailure);
