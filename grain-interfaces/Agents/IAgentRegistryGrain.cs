namespace Beach.Actors.Agents;

/// <summary>
/// The index of one tenant's agents (keyed by the tenant): listing with filters and cursor paging, the duplicate
/// check by name and version, the one-time discovery tokens and the last discovery report. Bounded by
/// <see cref="AgentOptions.MaxAgentsPerTenant"/>. The agents' own grains are the source of truth; this grain's
/// durable form is its stream <c>agent-registry</c> in the audit log, replayed on activation.
/// </summary>
[GrainType("agent-registry")]
public interface IAgentRegistryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds an agent, consuming <paramref name="discoveryToken"/> when policy requires one of API registrations.
    /// Throws <see cref="AgentDuplicateException"/>, <see cref="DiscoveryTokenRequiredException"/> and <see cref="AgentRegistryFullException"/>.
    /// </summary>
    Task AddAsync(AgentRegistryEntry entry, string? discoveryToken);

    /// <summary>Replaces an agent's entry (a new version or status); throws <see cref="AgentDuplicateException"/>.</summary>
    Task UpdateAsync(AgentRegistryEntry entry);

    /// <summary>Removes an agent's entry, if present.</summary>
    Task RemoveAsync(string agentId);

    /// <summary>The agent registered under this name and version, if any.</summary>
    [ReadOnly]
    Task<AgentRegistryEntry?> FindAsync(string name, string version);

    /// <summary>A page of the tenant's agents in agent-id order.</summary>
    [ReadOnly]
    Task<AgentPage> ListAsync(AgentQuery query);

    /// <summary>Mints a one-time discovery token; only its hash is kept. Throws <see cref="OverloadedException"/> past the bound.</summary>
    Task<DiscoveryTokenGrant> MintDiscoveryTokenAsync(string? actor);

    /// <summary>Keeps the report of the latest discovery scan (in memory: the silo scans again when it starts).</summary>
    Task SetDiscoveryReportAsync(AgentDiscoveryReport report);

    /// <summary>The latest discovery report, or null when no scan ran.</summary>
    [ReadOnly]
    Task<AgentDiscoveryReport?> GetDiscoveryReportAsync();
}

/// <summary>A minted discovery token: shown once, usable once, until <see cref="ExpiresAt"/>.</summary>
[Immutable]
public sealed record DiscoveryTokenGrant(string Token, DateTimeOffset ExpiresAt);
