using System.Text.Json;
using Beach.Actors.Agents;

namespace Beach.Actors.Gateway.Agents;

/// <summary>Turns the agents' grain records into their API shapes.</summary>
internal static class AgentMapping
{
    public static AgentResponse ToResponse(AgentInfo agent, AgentRestartPolicy defaultPolicy)
    {
        var m = agent.Manifest;
        var policy = m.RestartPolicy ?? defaultPolicy;
        JsonElement? schema = m.ConfigSchema is null ? null : JsonDocument.Parse(m.ConfigSchema).RootElement.Clone();
        return new AgentResponse(
            agent.AgentId,
            m.Name,
            m.Version,
            m.Type,
            m.Description,
            m.SubscribedTopics.IsDefault ? [] : m.SubscribedTopics,
            m.FindingsTopic,
            m.Capabilities.IsDefault ? [] : m.Capabilities,
            schema,
            new RestartPolicyResponse(policy.MaxRestarts, (long)policy.InitialBackoff.TotalMilliseconds, (long)policy.MaxBackoff.TotalMilliseconds),
            AgentLifecycle.Name(agent.Status),
            [.. AgentLifecycle.Allowed(agent.Status).Select(AgentLifecycle.Name)],
            Source(agent.Source),
            agent.ManifestPath,
            agent.CreatedAt,
            agent.UpdatedAt,
            agent.LastHeartbeatAt);
    }

    public static AgentListResponse ToResponse(AgentPage page) => new(
        [.. page.Agents.Select(a => new AgentSummaryResponse(a.AgentId, a.Name, a.Version, a.Type, AgentLifecycle.Name(a.Status), Source(a.Source), a.ManifestPath, a.UpdatedAt))],
        page.NextCursor,
        page.Total);

    public static AgentHealthResponse ToResponse(AgentHealth health) => new(
        health.AgentId,
        AgentLifecycle.Name(health.Status),
        health.Health,
        health.LastHeartbeatAt,
        health.UptimeSeconds,
        health.HeartbeatInterval.TotalSeconds,
        health.MissedHeartbeats,
        health.FailAfterMissed,
        health.RestartAttempts,
        health.NextRestartAt,
        health.LastFailure);

    public static AgentConfigResponse ToResponse(AgentConfigView view) => new(
        view.AgentId,
        view.Version,
        view.Values.ToDictionary(v => v.Key, v => new ConfigValueResponse(v.Value, Layer(v.Origin)), StringComparer.Ordinal));

    public static AgentConfigHistoryResponse ToResponse(AgentConfigHistory history) => new(
        history.AgentId,
        [.. history.Versions.Select(v => new ConfigVersionResponse(v.Version, v.Change, v.Stored, v.Runtime, v.Actor, v.Reason, v.At))],
        history.DroppedVersions);

    public static AgentLogsResponse ToResponse(AgentLogPage page) => new(
        [.. page.Entries.Select(e => new AgentLogEntryResponse(e.Timestamp, e.Level.ToString().ToLowerInvariant(), e.Message, e.Context))],
        page.Held,
        page.Capacity,
        page.DroppedTotal);

    public static AgentMetricsResponse ToResponse(AgentMetricPage page) => new(
        [.. page.Samples.Select(s => new AgentMetricResponse(s.Timestamp, s.Name, s.Value))],
        page.Held,
        page.Capacity,
        page.DroppedTotal);

    public static AgentIngestResponse ToResponse(AgentIngestResult result) => new(result.Accepted, result.Held, result.Capacity, result.DroppedTotal);

    public static DiscoveryReportResponse ToResponse(AgentDiscoveryReport report) => new(
        report.Folder,
        report.ScannedAt,
        report.Scan,
        [.. report.Registered.Select(Discovered)],
        [.. report.Unchanged.Select(Discovered)],
        [.. report.Rejected.Select(r => new RejectedManifestResponse(r.Path, r.Reasons))],
        report.RejectedOmitted);

    public static string Layer(AgentConfigLayer layer) => layer.ToString().ToLowerInvariant();

    private static DiscoveredAgentResponse Discovered(DiscoveredAgent agent) => new(agent.Path, agent.AgentId, agent.Name, agent.Version);

    private static string Source(AgentSource source) => source == AgentSource.Api ? "api" : "discovery";
}
