using System.Text.Json;

namespace Beach.Actors.Agents;

/// <summary>What an agent keeps in grain storage. Logs and metrics are not here: they are recent, in memory only.</summary>
internal sealed class AgentState
{
    public string? AgentId { get; set; }

    public AgentManifest? Manifest { get; set; }

    public AgentStatus Status { get; set; }

    public AgentSource Source { get; set; }

    public string? ManifestPath { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The version of the agent's audit stream this state reflects; a newer record on activation wins.</summary>
    public long AuditVersion { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? LastHeartbeatAt { get; set; }

    public string? Health { get; set; }

    public long? UptimeSeconds { get; set; }

    public int RestartAttempts { get; set; }

    public DateTimeOffset? NextRestartAt { get; set; }

    public string? LastFailure { get; set; }

    public int ConfigVersion { get; set; }

    public Dictionary<string, JsonElement> StoredConfig { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, JsonElement> RuntimeConfig { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The newest versions, oldest first, at most <see cref="AgentOptions.ConfigHistoryCapacity"/>.</summary>
    public List<AgentConfigVersion> ConfigHistory { get; set; } = [];

    public int DroppedConfigVersions { get; set; }
}
