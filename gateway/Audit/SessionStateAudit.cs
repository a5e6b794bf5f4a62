using System.Security.Claims;
using Beach.Actors.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Gateway.Audit;

/// <summary>
/// Records that a caller read a session's state through the API, in the session's <c>session/{id}</c> stream, and
/// completes once the record is durable: the route awaits it before it answers, so no state leaves unaudited. The
/// actor is the caller's <c>sub</c> claim when it has one.
/// </summary>
internal static class SessionStateAudit
{
    /// <summary>The kind of a <c>GET /sessions/{id}</c> read.</summary>
    public const string STATE_READ = "state_read";

    /// <summary>The kind of a <c>GET /sessions/{id}/controller-events</c> read.</summary>
    public const string CONTROLLER_EVENTS_READ = "controller_events_read";

    private const string SUBJECT_CLAIM = "sub";

    /// <summary>Records a read of the session itself.</summary>
    public static async Task StateReadAsync(HttpContext context, string tenant, string sessionId)
        => await AppendAsync(context, tenant, sessionId, STATE_READ, Data(sessionId, route: "GET /sessions/{id}", page: null)).ConfigureAwait(false);

    /// <summary>Records a read of a page of the session's controller events.</summary>
    public static async Task ControllerEventsReadAsync(HttpContext context, string tenant, string sessionId, long after, int limit, int count)
        => await AppendAsync(context, tenant, sessionId, CONTROLLER_EVENTS_READ,
            Data(sessionId, route: "GET /sessions/{id}/controller-events", page: (after, limit, count))).ConfigureAwait(false);

    // Not cancelled with the request: the state was read, so the read is recorded even if the caller went away.
    private static async Task AppendAsync(HttpContext context, string tenant, string sessionId, string kind, string data)
    {
        var services = context.RequestServices;
        var audit = services.GetRequiredService<IAuditLog>();
        var clock = services.GetService<TimeProvider>() ?? TimeProvider.System;
        await audit.AppendAsync(
            new AuditEntry(tenant, SessionAuditStreams.SESSION_PREFIX + sessionId, kind, Subject(context.User), data, clock.GetUtcNow()),
            CancellationToken.None).ConfigureAwait(false);
    }

    // A JWT handler that maps inbound claims renames sub to NameIdentifier; either names the caller.
    private static string? Subject(ClaimsPrincipal user)
        => user.FindFirst(SUBJECT_CLAIM)?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value;

    private static string Data(string sessionId, string route, (long After, int Limit, int Count)? page)
        => JsonText.Object(writer =>
        {
            writer.WriteString("session_id", sessionId);
            writer.WriteString("route", route);
            if (page is { } read)
            {
                writer.WriteNumber("after", read.After);
                writer.WriteNumber("limit", read.Limit);
                writer.WriteNumber("count", read.Count);
            }
        });
}
