using System.Collections.Immutable;
using Beach.Actors.Audit;
using Beach.Actors.Persistence;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Onboarding;

/// <summary>
/// A tenant's entitlements, custom roles and onboarded agents, in grain storage. Role and entitlement changes are
/// recorded in the tenant's <c>tenant</c> audit stream before they are written; the onboarded set follows the
/// assignments, whose own streams record them.
/// </summary>
[GrainType("tenant")]
internal sealed class TenantGrain(
    [PersistentState("tenant")] IPersistentState<TenantState> state,
    IAuditLog audit,
    TimeProvider timeProvider,
    IOptions<OnboardingOptions> options) : Grain, ITenantGrain
{
    private const string STREAM = "tenant";

    public Task<TenantEntitlements> GetEntitlementsAsync() => Task.FromResult(state.State.Entitlements ?? TenantEntitlements.Default);

    public async Task<TenantEntitlements> SetEntitlementsAsync(TenantEntitlements entitlements, string? actor)
    {
        var now = timeProvider.GetUtcNow();
        var stored = entitlements with { UpdatedAt = now, UpdatedBy = actor };
        await AppendAsync("entitlements_set", actor, now,
            ("allowed_harness_types", stored.AllowedHarnessTypes is { } types ? types : null), ("max_onboarded_agents", stored.MaxOnboardedAgents));
        state.State.Entitlements = stored;
        await state.WriteStateAsync();
        return stored;
    }

    public Task<ImmutableArray<CustomRole>> ListRolesAsync()
        => Task.FromResult<ImmutableArray<CustomRole>>([.. state.State.Roles.Values.OrderBy(r => r.Name, StringComparer.Ordinal)]);

    public Task<CustomRole?> GetRoleAsync(string name) => Task.FromResult(state.State.Roles.GetValueOrDefault(name));

    public async Task<CustomRole> PutRoleAsync(string name, ImmutableArray<string> scopes, string? description, string? actor)
    {
        var limit = options.Value.MaxCustomRoles;
        if (!state.State.Roles.ContainsKey(name) && state.State.Roles.Count >= limit)
        {
            throw new RoleCatalogFullException(limit);
        }

        var now = timeProvider.GetUtcNow();
        var role = new CustomRole(name, scopes, description, now, actor);
        await AppendAsync("role_set", actor, now, ("role", name), ("scopes", scopes));
        state.State.Roles[name] = role;
        await state.WriteStateAsync();
        return role;
    }

    public async Task<bool> DeleteRoleAsync(string name, string? actor)
    {
        if (!state.State.Roles.ContainsKey(name))
        {
            return false;
        }

        await AppendAsync("role_deleted", actor, timeProvider.GetUtcNow(), ("role", name));
        state.State.Roles.Remove(name);
        await state.WriteStateAsync();
        return true;
    }

    public Task<ImmutableArray<string>> ResolveRolesAsync(ImmutableArray<string> names)
        => Task.FromResult<ImmutableArray<string>>([.. names
            .Select(name => state.State.Roles.GetValueOrDefault(name))
            .Where(role => role is not null)
            .SelectMany(role => role!.Scopes)
            .Distinct(StringComparer.Ordinal)]);

    public async Task ReserveOnboardingAsync(string agentId, string assignmentId)
    {
        var onboarded = state.State.Onboarded;
        if (onboarded.TryGetValue(agentId, out var existing))
        {
            throw new AgentAlreadyOnboardedException(agentId, existing);
        }

        var max = (state.State.Entitlements ?? TenantEntitlements.Default).MaxOnboardedAgents;
        if (onboarded.Count >= max)
        {
            throw new NotEntitledException("max_onboarded_agents", $"the tenant may have {max} agents onboarded at once and has {onboarded.Count}; offboard one, or raise max_onboarded_agents with PUT /tenant/entitlements.");
        }

        onboarded[agentId] = assignmentId;
        await state.WriteStateAsync();
    }

    public async Task ReleaseOnboardingAsync(string agentId, string assignmentId)
    {
        if (state.State.Onboarded.TryGetValue(agentId, out var holder) && holder == assignmentId)
        {
            state.State.Onboarded.Remove(agentId);
            await state.WriteStateAsync();
        }
    }

    public Task<string?> GetAssignmentOfAsync(string agentId) => Task.FromResult(state.State.Onboarded.GetValueOrDefault(agentId));

    private async Task AppendAsync(string kind, string? actor, DateTimeOffset now, params (string Name, object? Value)[] fields)
        => await audit.AppendAsync(new AuditEntry(GetPrimaryKeyString(), STREAM, kind, actor, OnboardingAuditCodec.Object(fields), now));
}

/// <summary>What a tenant keeps: entitlements (null: the defaults), custom roles by name, onboarded agents → assignment.</summary>
internal sealed class TenantState
{
    public TenantEntitlements? Entitlements { get; set; }

    public Dictionary<string, CustomRole> Roles { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Onboarded { get; set; } = new(StringComparer.Ordinal);
}
