using System.Collections.Immutable;

namespace Beach.Actors.Agents;

/// <summary>
/// One agent (keyed by <see cref="AgentKey"/>): its manifest, lifecycle, heartbeats, layered configuration and recent
/// logs and metrics. Every lifecycle transition and configuration change is in the audit log (stream
/// <c>agent/{id}</c>) before the call returns. Every call but <see cref="RegisterAsync"/> throws
/// <see cref="AgentNotFoundException"/> for an agent never registered.
/// </summary>
[GrainType("agent")]
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the agent as <see cref="AgentStatus.Registered"/> (from the API) or <see cref="AgentStatus.Discovered"/>
    /// (from a discovery scan). Throws <see cref="AgentDuplicateException"/>, <see cref="DiscoveryTokenRequiredException"/>
    /// and <see cref="AgentRegistryFullException"/>.
    /// </summary>
    Task<AgentInfo> RegisterAsync(AgentManifest manifest, AgentSource source, string? manifestPath, string? discoveryToken, string? actor);

    /// <summary>The agent, or null when it was never registered.</summary>
    [ReadOnly]
    Task<AgentInfo?> GetAsync();

    /// <summary>Replaces the manifest (the type cannot change); throws <see cref="AgentDuplicateException"/>.</summary>
    Task<AgentInfo> UpdateAsync(AgentManifest manifest, string? actor);

    /// <summary>Removes the agent, its configuration and its registry entry; the audit stream keeps its history.</summary>
    Task DeleteAsync(string? actor);

    /// <summary>Applies a lifecycle command; throws <see cref="AgentTransitionException"/> naming the allowed ones.</summary>
    Task<AgentInfo> TransitionAsync(AgentCommand command, string? actor, string? reason);

    /// <summary>Records a heartbeat of a Running agent (a Failed one is Running again); throws <see cref="AgentTransitionException"/> otherwise.</summary>
    Task<AgentHealth> HeartbeatAsync(AgentHeartbeat heartbeat);

    /// <summary>The agent's health.</summary>
    [ReadOnly]
    Task<AgentHealth> GetHealthAsync();

    /// <summary>The effective configuration with each value's origin.</summary>
    [ReadOnly]
    Task<AgentConfigView> GetConfigAsync();

    /// <summary>Validates and applies a change as a new version; throws <see cref="AgentConfigInvalidException"/>.</summary>
    Task<AgentConfigView> ChangeConfigAsync(AgentConfigChange change);

    /// <summary>The configuration versions kept, newest first.</summary>
    [ReadOnly]
    Task<AgentConfigHistory> GetConfigHistoryAsync();

    /// <summary>Makes a new version equal to <paramref name="version"/>; throws <see cref="AgentConfigVersionNotFoundException"/>.</summary>
    Task<AgentConfigView> RollbackConfigAsync(int version, string? actor, string? reason);

    /// <summary>Keeps <paramref name="entries"/> in the agent's bounded log ring.</summary>
    Task<AgentIngestResult> IngestLogsAsync(ImmutableArray<AgentLogEntry> entries);

    /// <summary>Recent log entries matching <paramref name="query"/>.</summary>
    [ReadOnly]
    Task<AgentLogPage> QueryLogsAsync(AgentTelemetryQuery query);

    /// <summary>Keeps <paramref name="samples"/> in the agent's bounded metric ring.</summary>
    Task<AgentIngestResult> IngestMetricsAsync(ImmutableArray<AgentMetricSample> samples);

    /// <summary>Recent metric samples matching <paramref name="query"/>.</summary>
    [ReadOnly]
    Task<AgentMetricPage> QueryMetricsAsync(AgentTelemetryQuery query);
}
