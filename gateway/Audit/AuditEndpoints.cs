using System.Globalization;
using Beach.Actors.Audit;
using Beach.Actors.Gateway.Json;
using Beach.Actors.Gateway.Problems;
using Beach.Actors.Gateway.Tenancy;
using Beach.Actors.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Beach.Actors.Gateway.Audit;

/// <summary>
/// <c>GET /audit</c>: the caller's tenant's audit records, oldest first, filtered and paged by seq. Without filters the
/// pages are the tenant's whole hash chain, which <see cref="AuditChainVerifier"/> checks.
/// </summary>
internal static class AuditEndpoints
{
    /// <summary>The route's name, which the authorization policy for <c>pb:admin</c> keys on.</summary>
    public const string LIST_AUDIT = "ListAudit";

    private const int MAX_KIND_LENGTH = 128;
    private const int MAX_CONTROLLER_LENGTH = 256;

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/audit", ListAsync)
            .WithName(LIST_AUDIT)
            .WithSummary("Lists the tenant's audit records after a cursor, with their hash chain.")
            .WithDescription(
                $"Filters: session, controller (the actor), kind, since (inclusive) and until (exclusive) as ISO-8601 times. " +
                $"after is the cursor (a seq), limit the page size ({AuditQuery.DEFAULT_LIMIT} by default, at most {AuditQuery.MAX_LIMIT}).")
            .Produces<AuditPage>()
            .ProducesValidationProblem();
    }

    private static async Task<IResult> ListAsync(HttpContext context, IAuditLog audit, TenantResolver tenants)
    {
        var validation = new RequestValidation();
        var query = Parse(context.Request.Query, tenants.Resolve(context), validation);
        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var records = await audit.QueryAsync(query, context.RequestAborted);
        var page = records.Select(record => new AuditRecordResponse(
            record.Seq, record.Stream, record.StreamVersion, record.Kind, record.Actor, record.Data, record.At, record.PrevHash, record.Hash)).ToArray();
        return JsonResponse.Ok(new AuditPage(query.Tenant, page, page.Length > 0 ? page[^1].Seq : query.AfterSeq), AuditJsonContext.Default.AuditPage);
    }

    private static AuditQuery Parse(IQueryCollection parameters, string tenant, RequestValidation validation)
    {
        var session = Text(parameters, "session", SessionKey.MAX_SESSION_ID_LENGTH, validation);
        if (session is not null && !SessionKey.IsValidSessionId(session))
        {
            validation.Add("session", $"must be a session id: 1–{SessionKey.MAX_SESSION_ID_LENGTH} letters, digits, '.', '_', ':' or '-'.");
        }

        var since = Time(parameters, "since", validation);
        var until = Time(parameters, "until", validation);
        if (since is not null && until is not null && until < since)
        {
            validation.Add("until", "must not be before since.");
        }

        return new AuditQuery(tenant)
        {
            Streams = session is null ? null : SessionAuditStreams.Of(session),
            Actor = Text(parameters, "controller", MAX_CONTROLLER_LENGTH, validation),
            Kind = Text(parameters, "kind", MAX_KIND_LENGTH, validation),
            Since = since,
            Until = until,
            AfterSeq = Integer(parameters, "after", 0, 0, long.MaxValue, validation),
            Limit = (int)Integer(parameters, "limit", AuditQuery.DEFAULT_LIMIT, 1, AuditQuery.MAX_LIMIT, validation),
        };
    }

    private static string? Text(IQueryCollection parameters, string name, int maxLength, RequestValidation validation)
    {
        if (!parameters.TryGetValue(name, out var values))
        {
            return null;
        }

        var value = values.ToString();
        if (values.Count != 1 || string.IsNullOrWhiteSpace(value) || value.Length > maxLength)
        {
            validation.Add(name, $"must be given once, non-blank, at most {maxLength} characters.");
            return null;
        }

        return value;
    }

    private static DateTimeOffset? Time(IQueryCollection parameters, string name, RequestValidation validation)
    {
        var raw = Text(parameters, name, maxLength: 64, validation);
        if (raw is null)
        {
            return null;
        }

        // ISO-8601 with a date and a time; without an offset the time is UTC.
        if (!raw.Contains('T', StringComparison.OrdinalIgnoreCase)
            || !DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            validation.Add(name, "must be an ISO-8601 date and time, for example 2026-12-01T09:30:00Z.");
            return null;
        }

        return value;
    }

    private static long Integer(IQueryCollection parameters, string name, long fallback, long min, long max, RequestValidation validation)
    {
        var raw = Text(parameters, name, maxLength: 20, validation);
        if (raw is null)
        {
            return fallback;
        }

        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            validation.Add(name, $"must be an integer from {min} to {max}.");
            return fallback;
        }

        return value;
    }
}
