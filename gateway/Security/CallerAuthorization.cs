using Beach.Actors.Onboarding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Gateway.Security;

/// <summary>
/// Decides whether an authenticated caller may call a route, in order: a token of an onboarding assignment must still
/// stand (its revocation record, <see cref="IAgentAssignmentGrain.CheckAsync"/>; 401 <c>token-revoked</c> otherwise);
/// a token bound to an agent may call only its own <see cref="RouteScopes.AgentSelf"/> routes among the agent routes
/// (403 <c>not-own-agent</c>); a token bound to sessions may touch only those (403 <c>session-not-assigned</c>); and the
/// token's scopes, with those its roles add (<see cref="Roles"/>), must satisfy the route's (403 <c>insufficient-scope</c>).
/// </summary>
internal static class CallerAuthorization
{
    /// <summary>A problem to answer, or null when the caller may go on.</summary>
    public static async ValueTask<IResult?> CheckAsync(HttpContext context, CallerIdentity caller, RouteRequirement requirement, string? routeName)
    {
        var grains = context.RequestServices.GetRequiredService<IGrainFactory>();
        if (caller.AssignmentId is { } assignmentId)
        {
            var check = await grains.GetGrain<IAgentAssignmentGrain>($"{caller.Tenant}/{assignmentId}").CheckAsync();
            if (!check.Active)
            {
                var status = check.Status switch { AssignmentStatus.Revoked => "revoked", AssignmentStatus.Ended => "ended", _ => "unknown" };
                return Problems.Problems.Of(
                    StatusCodes.Status401Unauthorized, SecurityProblemTypes.TokenRevoked, "Token revoked.",
                    $"This token belongs to onboarding assignment '{assignmentId}', which is {status}: {check.Reason} Its tokens are refused; an operator must onboard the agent again.",
                    new Dictionary<string, object?> { ["reason"] = "revoked", ["assignment_id"] = assignmentId, ["assignment_status"] = status });
            }
        }

        var path = context.Request.Path;
        var routeId = context.Request.RouteValues.TryGetValue("id", out var id) ? id as string : null;
        if (caller.AgentId is { } ownAgent && path.StartsWithSegments("/agents"))
        {
            if (routeName is not null && RouteScopes.AgentSelf.Contains(routeName) && routeId == ownAgent)
            {
                return null;
            }

            return Problems.Problems.Of(
                StatusCodes.Status403Forbidden, SecurityProblemTypes.NotOwnAgent, "Not this agent's route.",
                routeId is not null && routeId != ownAgent
                    ? $"This token is bound to agent '{ownAgent}' and may not call {context.Request.Method} {path} of agent '{routeId}'. An agent reads only its own record, configuration and logs."
                    : $"This token is bound to agent '{ownAgent}'; of the agent routes it may call only its own: GET /agents/{ownAgent}, …/health, …/config, …/config/history, …/logs, …/metrics, …/onboarding and POST …/heartbeat, …/logs, …/metrics, …/onboard/refresh.",
                new Dictionary<string, object?> { ["agent_id"] = ownAgent });
        }

        if (caller.Sessions is { } sessions && path.StartsWithSegments("/sessions") && routeId is not null && !sessions.Contains(routeId))
        {
            return Problems.Problems.Of(
                StatusCodes.Status403Forbidden, SecurityProblemTypes.SessionNotAssigned, "Session not assigned.",
                $"This token was issued for the sessions {string.Join(", ", sessions.Order(StringComparer.Ordinal))} and may not touch session '{routeId}'.",
                new Dictionary<string, object?> { ["session_id"] = routeId });
        }

        if (requirement.Scope is not { } scope)
        {
            return null;
        }

        var granted = await EffectiveScopesAsync(grains, caller);
        if (Scopes.Satisfies(granted, scope))
        {
            return null;
        }

        context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"beach-actors\", error=\"insufficient_scope\", scope=\"{scope}\"";
        var grantedText = granted.Count == 0 ? "none" : string.Join(" ", granted.Order(StringComparer.Ordinal));
        var roles = caller.Roles.Count == 0 ? "" : $" (with its roles {string.Join(", ", caller.Roles.Order(StringComparer.Ordinal))})";
        return Problems.Problems.Of(
            StatusCodes.Status403Forbidden, SecurityProblemTypes.InsufficientScope, "Missing scope.",
            $"{context.Request.Method} {path} requires the scope '{scope}' (or '{Scopes.Admin}'); the token grants{roles}: {grantedText}. Mint a token with that scope or a role that grants it.",
            new Dictionary<string, object?> { ["required_scope"] = scope });
    }

    /// <summary>The token's scopes and those its roles add; custom roles are read from the tenant on each request, so a change applies at once.</summary>
    private static async ValueTask<IReadOnlySet<string>> EffectiveScopesAsync(IGrainFactory grains, CallerIdentity caller)
    {
        if (caller.Roles.Count == 0)
        {
            return caller.Scopes;
        }

        var scopes = new HashSet<string>(caller.Scopes, StringComparer.Ordinal);
        var custom = new List<string>();
        foreach (var role in caller.Roles)
        {
            if (Roles.BuiltIn.TryGetValue(role, out var builtIn))
            {
                scopes.UnionWith(builtIn);
            }
            else
            {
                custom.Add(role);
            }
        }

        if (custom.Count > 0)
        {
            scopes.UnionWith(await grains.GetGrain<ITenantGrain>(caller.Tenant).ResolveRolesAsync([.. custom]));
        }

        return scopes;
    }
}
