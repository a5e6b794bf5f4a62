namespace Beach.Actors.Agents;

/// <summary>A registered agent as the control plane sees it now.</summary>
/// <param name="AgentId">The agent's id, <c>{type}-{uuid}</c>.</param>
/// <param name="Manifest">What the agent declared.</param>
/// <param name="Status">Its lifecycle state.</param>
/// <param name="Source">How it was registered.</param>
/// <param name="ManifestPath">The manifest file it was discovered from, if any.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="UpdatedAt">When its manifest or status last changed.</param>
/// <param name="LastHeartbeatAt">Its last heartbeat, if any.</param>
[Immutable]
public sealed record AgentInfo(
    string AgentId,
    AgentManifest Manifest,
    AgentStatus Status,
    AgentSource Source,
    string? ManifestPath,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LastHeartbeatAt);
