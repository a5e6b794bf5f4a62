using Beach.Actors.Gateway.Json;
using Beach.Actors.Gateway.Problems;
using Beach.Actors.Gateway.Sessions;
using Beach.Actors.Gateway.Tenancy;
using Beach.Actors.Leases;
using Beach.Actors.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Gateway.Leases;

/// <summary>Controller leases: acquire, renew, release, and the controller-event log.</summary>
internal static class LeaseEndpoints
{
    private const int MAX_CONTROLLER_ID_LENGTH = 256;
    private const int MAX_LEASE_ID_LENGTH = 64;

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/sessions/{id}/controller/lease", AcquireOrRenewAsync)
            .WithName("AcquireOrRenewLease")
            .WithSummary("Acquires the session's controller lease, or renews it when lease_id is given.")
            .Accepts<LeaseRequest>("application/json")
            .Produces<LeaseResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        routes.MapDelete("/sessions/{id}/controller/lease", ReleaseAsync)
            .WithName("ReleaseLease")
            .WithSummary("Releases the session's controller lease.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        routes.MapGet("/sessions/{id}/controller-events", EventsAsync)
            .WithName("ListControllerEvents")
            .WithSummary("Lists the session's controller events after a cursor.")
            .Produces<ControllerEventsPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> AcquireOrRenewAsync(
        string id, HttpContext context, IGrainFactory grains, TenantResolver tenants, IOptions<LeaseOptions> leaseOptions)
    {
        if (!SessionKey.IsValidSessionId(id))
        {
            return SessionEndpoints.InvalidId();
        }

        var (body, problem) = await JsonBody.ReadAsync(context, GatewayJsonContext.Default.LeaseRequest);
        if (problem is not null)
        {
            return problem;
        }

        var validation = new RequestValidation();
        var renewing = body!.LeaseId is not null;
        if (renewing)
        {
            validation.RequireText("lease_id", body.LeaseId, MAX_LEASE_ID_LENGTH);
            if (body.ControllerId is not null)
            {
                validation.RequireText("controller_id", body.ControllerId, MAX_CONTROLLER_ID_LENGTH);
            }
        }
        else
        {
            validation.RequireText("controller_id", body.ControllerId, MAX_CONTROLLER_ID_LENGTH);
        }

        ValidateTtl(validation, body.TtlMs, leaseOptions.Value);
        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var lease = grains.GetGrain<IControllerLeaseGrain>(SessionKey.For(tenants.Resolve(context), id));
        var ttl = TimeSpan.FromMilliseconds(body.TtlMs!.Value);
        var grant = renewing
            ? await lease.RenewAsync(body.LeaseId!, body.ControllerId, ttl)
            : await lease.AcquireAsync(body.ControllerId!, ttl);
        return JsonResponse.Ok(new LeaseResponse(id, grant.LeaseId, grant.ControllerId, grant.FencingToken, grant.ExpiresAt), GatewayJsonContext.Default.LeaseResponse);
    }

    private static async Task<IResult> ReleaseAsync(string id, HttpContext context, IGrainFactory grains, TenantResolver tenants)
    {
        if (!SessionKey.IsValidSessionId(id))
        {
            return SessionEndpoints.InvalidId();
        }

        var leaseId = context.Request.Query["lease_id"].ToString();
        if (string.IsNullOrWhiteSpace(leaseId) || leaseId.Length > MAX_LEASE_ID_LENGTH)
        {
            return Problems.Problems.Validation("lease_id", "is required as a query parameter: DELETE /sessions/{id}/controller/lease?lease_id=….");
        }

        await grains.GetGrain<IControllerLeaseGrain>(SessionKey.For(tenants.Resolve(context), id)).ReleaseAsync(leaseId);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> EventsAsync(
        string id, HttpContext context, IGrainFactory grains, TenantResolver tenants, IOptions<GatewayOptions> gatewayOptions)
    {
        if (!SessionKey.IsValidSessionId(id))
        {
            return SessionEndpoints.InvalidId();
        }

        var options = gatewayOptions.Value;
        var validation = new RequestValidation();
        var after = Query.Long(context, "after", 0, 0, long.MaxValue, validation);
        var limit = Query.Long(context, "limit", options.EventPageSize, 1, options.MaxEventPageSize, validation);
        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var tenant = tenants.Resolve(context);
        var events = await grains.GetGrain<IControllerLeaseGrain>(SessionKey.For(tenant, id)).GetEventsAsync(after, (int)limit);
        await Audit.SessionStateAudit.ControllerEventsReadAsync(context, tenant, id, after, (int)limit, events.Length);
        var page = events.Select(e => new ControllerEventResponse(
            e.Seq, e.Kind.ToString().ToLowerInvariant(), e.ControllerId, e.LeaseId, e.FencingToken, e.At, e.ExpiresAt, e.Actor, e.Reason)).ToArray();
        return JsonResponse.Ok(new ControllerEventsPage(page, page.Length > 0 ? page[^1].Seq : after), GatewayJsonContext.Default.ControllerEventsPage);
    }

    private static void ValidateTtl(RequestValidation validation, long? ttlMs, LeaseOptions bounds)
    {
        var min = (long)bounds.MinTtl.TotalMilliseconds;
        var max = (long)bounds.MaxTtl.TotalMilliseconds;
        if (ttlMs is null)
        {
            validation.Add("ttl_ms", "is required.");
        }
        else if (ttlMs <= 0)
        {
            validation.Add("ttl_ms", $"must be positive: from {min} to {max} ms.");
        }
        else if (ttlMs < min || ttlMs > max)
        {
            validation.Add("ttl_ms", $"must be from {min} to {max} ms.");
        }
    }
}
