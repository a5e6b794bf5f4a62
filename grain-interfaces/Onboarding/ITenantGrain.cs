using System.Collections.Immutable;

namespace Beach.Actors.Onboarding;

/// <summary>
/// One tenant (keyed by its name): its entitlements, its custom roles (name → scopes) and which of its agents are
/// onboarded (at most <see cref="TenantEntitlements.MaxOnboardedAgents"/>). Kept in grain storage; every change is in
/// the audit log (stream <c>tenant</c>).
/// </summary>
[GrainType("tenant")]
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>The tenant's entitlements (the defaults until an admin sets them).</summary>
    [ReadOnly]
    Task<TenantEntitlements> GetEntitlementsAsync();

    /// <summary>Replaces the entitlements.</summary>
    Task<TenantEntitlements> SetEntitlementsAsync(TenantEntitlements entitlements, string? actor);

    /// <summary>The custom roles, in name order.</summary>
    [ReadOnly]
    Task<ImmutableArray<CustomRole>> ListRolesAsync();

    /// <summary>A custom role, or null.</summary>
    [ReadOnly]
    Task<CustomRole?> GetRoleAsync(string name);

    /// <summary>Creates or replaces a custom role; throws <see cref="RoleCatalogFullException"/> for a new one past the bound.</summary>
    Task<CustomRole> PutRoleAsync(string name, ImmutableArray<string> scopes, string? description, string? actor);

    /// <summary>Removes a custom role: tokens naming it grant nothing by it from then on. False when there was none.</summary>
    Task<bool> DeleteRoleAsync(string name, string? actor);

    /// <summary>The scopes the named custom roles grant together; names that are no role grant nothing.</summary>
    [ReadOnly]
    Task<ImmutableArray<string>> ResolveRolesAsync(ImmutableArray<string> names);

    /// <summary>
    /// Counts <paramref name="agentId"/> as onboarded by <paramref name="assignmentId"/>. Throws
    /// <see cref="AgentAlreadyOnboardedException"/> and <see cref="NotEntitledException"/> (past <c>max_onboarded_agents</c>).
    /// </summary>
    Task ReserveOnboardingAsync(string agentId, string assignmentId);

    /// <summary>Frees the agent's slot, if <paramref name="assignmentId"/> holds it.</summary>
    Task ReleaseOnboardingAsync(string agentId, string assignmentId);

    /// <summary>The assignment that has the agent onboarded now, or null.</summary>
    [ReadOnly]
    Task<string?> GetAssignmentOfAsync(string agentId);
}

/// <summary>
/// What a tenant may onboard: the harness types its agents may drive (null: any) and how many agents may be onboarded
/// at once.
/// </summary>
[Immutable]
public sealed record TenantEntitlements(ImmutableArray<string>? AllowedHarnessTypes, int MaxOnboardedAgents, DateTimeOffset? UpdatedAt, string? UpdatedBy)
{
    /// <summary>Any harness type, <see cref="OnboardingOptions.DEFAULT_MAX_ONBOARDED_AGENTS"/> agents.</summary>
    public static TenantEntitlements Default { get; } = new(null, OnboardingOptions.DEFAULT_MAX_ONBOARDED_AGENTS, null, null);

    /// <summary>Whether an agent may drive a session of <paramref name="harnessType"/>.</summary>
    public bool Allows(string harnessType) => AllowedHarnessTypes is not { } allowed || allowed.Contains(harnessType, StringComparer.Ordinal);
}

/// <summary>A role an admin defined: a name that a token may carry and the scopes it grants.</summary>
[Immutable]
public sealed record CustomRole(string Name, ImmutableArray<string> Scopes, string? Description, DateTimeOffset UpdatedAt, string? UpdatedBy);
