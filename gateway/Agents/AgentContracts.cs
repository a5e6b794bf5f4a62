using System.Text.Json;
using Beach.Actors.Agents;

namespace Beach.Actors.Gateway.Agents;

/// <summary>
/// The body of <c>POST /agents</c> and <c>PUT /agents/{id}</c>: the manifest's fields (seed 003, "Registration Steps"),
/// snake_case, and the one-time discovery token when policy requires one.
/// </summary>
public sealed class RegisterAgentRequest : AgentManifestDraft
{
    /// <summary>The one-time discovery token, when policy requires one.</summary>
    public string? DiscoveryToken { get; set; }
}

/// <summary>A restart policy as the API shows it.</summary>
public sealed record RestartPolicyResponse(int MaxRestarts, long InitialBackoffMs, long MaxBackoffMs);

/// <summary>An agent as the API shows it; <c>allowed_commands</c> are the lifecycle routes open from its state.</summary>
public sealed record AgentResponse(
    string AgentId,
    string Name,
    string Version,
    string Type,
    string? Description,
    IReadOnlyList<string> SubscribedTopics,
    string? FindingsTopic,
    IReadOnlyList<string> Capabilities,
    JsonElement? ConfigSchema,
    RestartPolicyResponse RestartPolicy,
    string Status,
    IReadOnlyList<string> AllowedCommands,
    string Source,
    string? ManifestPath,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LastHeartbeatAt);

/// <summary>One agent of a listing.</summary>
public sealed record AgentSummaryResponse(string AgentId, string Name, string Version, string Type, string Status, string Source, string? ManifestPath, DateTimeOffset UpdatedAt);

/// <summary>A page of <c>GET /agents</c>; pass <c>next_cursor</c> as <c>cursor</c> for the next page (null on the last).</summary>
public sealed record AgentListResponse(IReadOnlyList<AgentSummaryResponse> Agents, string? NextCursor, int Total);

/// <summary>The optional body of a lifecycle route.</summary>
public sealed class AgentTransitionRequest
{
    /// <summary>Why, for the audit log.</summary>
    public string? Reason { get; set; }
}

/// <summary>The body of <c>POST /agents/{id}/heartbeat</c>.</summary>
public sealed class AgentHeartbeatRequest
{
    /// <summary><c>healthy</c>, <c>degraded</c> or <c>unhealthy</c>.</summary>
    public string? Status { get; set; }

    /// <summary>Seconds the agent process has run.</summary>
    public long? Uptime { get; set; }

    /// <summary>Optional gauges, name to value.</summary>
    public Dictionary<string, double>? Metrics { get; set; }
}

/// <summary>An agent's health.</summary>
public sealed record AgentHealthResponse(
    string AgentId,
    string Status,
    string? Health,
    DateTimeOffset? LastHeartbeatAt,
    long? Uptime,
    double HeartbeatIntervalSeconds,
    int MissedHeartbeats,
    int FailAfterMissed,
    int RestartAttempts,
    DateTimeOffset? NextRestartAt,
    string? LastFailure);

/// <summary>One effective configuration value and the layer it came from: default, environment, stored or runtime.</summary>
public sealed record ConfigValueResponse(JsonElement Value, string Origin);

/// <summary>An agent's effective configuration.</summary>
public sealed record AgentConfigResponse(string AgentId, int Version, Dictionary<string, ConfigValueResponse> Values);

/// <summary>The body of <c>PUT /agents/{id}/config</c>: the new values of one layer, replacing it whole.</summary>
public sealed class AgentConfigChangeRequest
{
    /// <summary>The layer's values: a JSON object.</summary>
    public JsonElement? Values { get; set; }

    /// <summary><c>stored</c> (the default) or <c>runtime</c>.</summary>
    public string? Layer { get; set; }

    /// <summary>Why, for the history.</summary>
    public string? Reason { get; set; }
}

/// <summary>The body of <c>POST /agents/{id}/config/rollback</c>.</summary>
public sealed class AgentConfigRollbackRequest
{
    /// <summary>The version to return to.</summary>
    public int? Version { get; set; }

    /// <summary>Why, for the history.</summary>
    public string? Reason { get; set; }
}

/// <summary>One configuration version.</summary>
public sealed record ConfigVersionResponse(int Version, string Change, JsonElement Stored, JsonElement Runtime, string? Actor, string? Reason, DateTimeOffset At);

/// <summary>The configuration versions kept, newest first, and how many older ones the bound dropped.</summary>
public sealed record AgentConfigHistoryResponse(string AgentId, IReadOnlyList<ConfigVersionResponse> Versions, int DroppedVersions);

/// <summary>One log entry in <c>POST /agents/{id}/logs</c>.</summary>
public sealed class AgentLogEntryRequest
{
    /// <summary>When it was logged; now when absent.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>debug, info, warning, error or critical.</summary>
    public string? Level { get; set; }

    /// <summary>The message.</summary>
    public string? Message { get; set; }

    /// <summary>Context fields.</summary>
    public Dictionary<string, string>? Context { get; set; }
}

/// <summary>The body of <c>POST /agents/{id}/logs</c>.</summary>
public sealed class AgentLogsRequest
{
    /// <summary>The batch.</summary>
    public List<AgentLogEntryRequest?>? Entries { get; set; }
}

/// <summary>One metric sample in <c>POST /agents/{id}/metrics</c>.</summary>
public sealed class AgentMetricRequest
{
    /// <summary>When it was measured; now when absent.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>The metric, for example <c>events_processed</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Its value.</summary>
    public double? Value { get; set; }
}

/// <summary>The body of <c>POST /agents/{id}/metrics</c>.</summary>
public sealed class AgentMetricsRequest
{
    /// <summary>The batch.</summary>
    public List<AgentMetricRequest?>? Samples { get; set; }
}

/// <summary>What an ingest kept: the ring's fill and everything it dropped so far.</summary>
public sealed record AgentIngestResponse(int Accepted, int Held, int Capacity, long DroppedTotal);

/// <summary>One log entry as the API shows it.</summary>
public sealed record AgentLogEntryResponse(DateTimeOffset Timestamp, string Level, string Message, IReadOnlyDictionary<string, string>? Context);

/// <summary>Recent log entries, oldest first.</summary>
public sealed record AgentLogsResponse(IReadOnlyList<AgentLogEntryResponse> Entries, int Held, int Capacity, long DroppedTotal);

/// <summary>One metric sample as the API shows it.</summary>
public sealed record AgentMetricResponse(DateTimeOffset Timestamp, string Name, double Value);

/// <summary>Recent metric samples, oldest first.</summary>
public sealed record AgentMetricsResponse(IReadOnlyList<AgentMetricResponse> Samples, int Held, int Capacity, long DroppedTotal);

/// <summary>A minted discovery token: shown once.</summary>
public sealed record DiscoveryTokenResponse(string Token, DateTimeOffset ExpiresAt);

/// <summary>A manifest that is an agent.</summary>
public sealed record DiscoveredAgentResponse(string Path, string AgentId, string Name, string Version);

/// <summary>A manifest refused and every reason, by field.</summary>
public sealed record RejectedManifestResponse(string Path, IReadOnlyDictionary<string, string> Reasons);

/// <summary>The latest discovery scan.</summary>
public sealed record DiscoveryReportResponse(
    string Folder,
    DateTimeOffset ScannedAt,
    long Scan,
    IReadOnlyList<DiscoveredAgentResponse> Registered,
    IReadOnlyList<DiscoveredAgentResponse> Unchanged,
    IReadOnlyList<RejectedManifestResponse> Rejected,
    int RejectedOmitted);
