using System.Collections.Frozen;

namespace Beach.Actors.Gateway.Security;

/// <summary>
/// The one table of what each route requires, by endpoint name (<c>.WithName(…)</c>). A route is either here or in
/// <see cref="Anonymous"/>: the gateway refuses to start while any mapped endpoint is in neither
/// (<see cref="RouteScopeAudit"/>), so a new route cannot go out unprotected. An entry whose endpoint is not mapped
/// yet is harmless.
/// </summary>
internal static class RouteScopes
{
    public static readonly FrozenDictionary<string, string> Required = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // Sessions
        ["RegisterSession"] = Scopes.SessionsWrite,
        ["GetSession"] = Scopes.SessionsRead,
        ["ReportSessionHealth"] = Scopes.HarnessPublish,
        ["StreamSessionEvents"] = Scopes.SessionsRead,
        ["SessionEventsWebSocket"] = Scopes.SessionsRead,

        // Controller leases and their events
        ["AcquireOrRenewLease"] = Scopes.ControlWrite,
        ["ReleaseLease"] = Scopes.ControlWrite,
        ["ListControllerEvents"] = Scopes.SessionsRead,

        // Actions
        ["EnqueueActions"] = Scopes.ControlWrite,
        ["PollActions"] = Scopes.ControlConsume,
        ["ActionsWebSocket"] = Scopes.ControlConsume,
        ["AckActions"] = Scopes.ControlConsume,
        ["ListPendingActions"] = Scopes.SessionsRead,
        ["ActionStats"] = Scopes.SessionsRead,
        ["EmergencyStop"] = Scopes.ControlWrite,

        // Audit
        ["ListAudit"] = Scopes.Admin,

        // Agents: operators manage them, an agent reports on itself, readers read. A token bound to an agent (the agent
        // role) may call only the AgentSelf routes below, and only for its own id.
        ["RegisterAgent"] = Scopes.Admin,
        ["UpdateAgent"] = Scopes.Admin,
        ["DeleteAgent"] = Scopes.Admin,
        ["AgentRegister"] = Scopes.Admin,
        ["AgentStart"] = Scopes.Admin,
        ["AgentStop"] = Scopes.Admin,
        ["AgentFail"] = Scopes.Admin,
        ["AgentRetire"] = Scopes.Admin,
        ["ChangeAgentConfig"] = Scopes.Admin,
        ["RollbackAgentConfig"] = Scopes.Admin,
        ["MintDiscoveryToken"] = Scopes.Admin,
        ["ScanDiscoveryFolder"] = Scopes.Admin,
        ["GetDiscoveryReport"] = Scopes.Admin,
        ["AgentHeartbeat"] = Scopes.HarnessPublish,
        ["IngestAgentLogs"] = Scopes.HarnessPublish,
        ["IngestAgentMetrics"] = Scopes.HarnessPublish,
        ["ListAgents"] = Scopes.SessionsRead,
        ["GetAgent"] = Scopes.SessionsRead,
        ["GetAgentHealth"] = Scopes.SessionsRead,
        ["GetAgentConfig"] = Scopes.SessionsRead,
        ["GetAgentConfigHistory"] = Scopes.SessionsRead,
        ["GetAgentLogs"] = Scopes.SessionsRead,
        ["GetAgentMetrics"] = Scopes.SessionsRead,

        // Onboarding: templates, the onboarding of an agent onto sessions, its short-lived tokens.
        ["CreateOnboardingTemplate"] = Scopes.Admin,
        ["DeleteOnboardingTemplate"] = Scopes.Admin,
        ["ListOnboardingTemplates"] = Scopes.AgentsOnboard,
        ["GetOnboardingTemplate"] = Scopes.AgentsOnboard,
        ["OnboardAgent"] = Scopes.AgentsOnboard,
        ["OffboardAgent"] = Scopes.AgentsOnboard,
        ["RefreshAgentToken"] = Scopes.AgentsOnboard,
        ["GetAgentOnboarding"] = Scopes.AgentsOnboard,

        // The tenant: entitlements and custom roles.
        ["GetEntitlements"] = Scopes.AgentsOnboard,
        ["SetEntitlements"] = Scopes.Admin,
        ["ListRoles"] = Scopes.Admin,
        ["GetRole"] = Scopes.Admin,
        ["PutRole"] = Scopes.Admin,
        ["DeleteRole"] = Scopes.Admin,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The agent routes a token bound to an agent (<c>agent_id</c>, the agent role) may call for its own id without the
    /// route's scope: its record, health, configuration and its history, logs and metrics, heartbeats, its onboarding and
    /// the refresh of its token. Every other agent route, and these for another agent, answer it 403.
    /// </summary>
    public static readonly FrozenSet<string> AgentSelf = new[]
    {
        "GetAgent", "GetAgentHealth", "GetAgentConfig", "GetAgentConfigHistory", "GetAgentLogs", "GetAgentMetrics",
        "AgentHeartbeat", "IngestAgentLogs", "IngestAgentMetrics", "GetAgentOnboarding", "RefreshAgentToken",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Routes anyone may call: probes and the OpenAPI document.</summary>
    public static readonly FrozenSet<string> Anonymous = new[] { "Liveness", "Readiness", OPENAPI_ENDPOINT }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The name the gateway gives its OpenAPI document endpoint.</summary>
    public const string OPENAPI_ENDPOINT = "OpenApiDocument";
}
