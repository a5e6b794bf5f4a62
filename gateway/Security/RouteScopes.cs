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
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Routes anyone may call: probes and the OpenAPI document.</summary>
    public static readonly FrozenSet<string> Anonymous = new[] { "Liveness", "Readiness", OPENAPI_ENDPOINT }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The name the gateway gives its OpenAPI document endpoint.</summary>
    public const string OPENAPI_ENDPOINT = "OpenApiDocument";
}
