using System.Globalization;
using Beach.Actors.Actions;
using Beach.Actors.Gateway.Json;
using Beach.Actors.Gateway.Problems;
using Beach.Actors.Gateway.Sessions;
using Beach.Actors.Gateway.Tenancy;
using Beach.Actors.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Gateway.Actions;

/// <summary>The action pipeline: controllers enqueue under their lease, harnesses poll and ack, operators stop.</summary>
internal static class ActionEndpoints
{
    private const int MAX_REASON_LENGTH = 1_024;
    private const int MAX_ACTOR_LENGTH = 256;

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/sessions/{id}/actions", EnqueueAsync)
            .WithName("EnqueueActions")
            .WithSummary("Queues one action or a batch under the current lease (lease_id and fencing_token); 429 when the queue is full.")
            .Accepts<EnqueueActionsRequest>("application/json")
            .Produces<EnqueueActionsResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        routes.MapGet("/sessions/{id}/actions/poll", PollAsync)
            .WithName("PollActions")
            .WithSummary("Long-polls for actions to apply (timeout_ms, max); an empty list when none came in time.")
            .Produces<ActionsDelivery>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapPost("/sessions/{id}/actions/ack", AckAsync)
            .WithName("AckActions")
            .WithSummary("Acks delivered actions (status ok, failed or rejected, optional error); records their latencies.")
            .Accepts<AckActionsRequest>("application/json")
            .Produces<AckActionsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapGet("/sessions/{id}/actions/pending", PendingAsync)
            .WithName("ListPendingActions")
            .WithSummary("Lists the actions waiting for an ack, oldest first.")
            .Produces<PendingActionsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapGet("/sessions/{id}/actions/stats", StatsAsync)
            .WithName("ActionStats")
            .WithSummary("The pipeline's counters and delivery and ack latency percentiles.")
            .Produces<ActionStatsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapPost("/sessions/{id}/emergency-stop", EmergencyStopAsync)
            .WithName("EmergencyStop")
            .WithSummary("Revokes the lease, cancels every queued action and records who and why.")
            .Accepts<EmergencyStopRequest>("application/json")
            .Produces<EmergencyStopResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        ActionsWebSocket.Map(routes);
    }

    private static async Task<IResult> EnqueueAsync(
        string id, HttpContext context, IGrainFactory grains, TenantResolver tenants, IOptions<ActionQueueOptions> queueOptions)
    {
        if (!SessionKey.IsValidSessionId(id))
        {
            return SessionEndpoints.InvalidId();
        }

        var (body, problem) = await JsonBody.ReadAsync(context, ActionsJsonContext.Default.EnqueueActionsRequest);
        if (problem is not null)
        {
            return problem;
        }

        var validation = new RequestValidation();
        var batch = ActionRequestParser.ParseBatch(body!, queueOptions.Value.MaxBatch, validation);
        if (batch is null)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var result = await grains.GetGrain<ISessionGrain>(SessionKey.For(tenants.Resolve(context), id)).EnqueueActionsAsync(batch);
        Security.AgentActivity.Accepted(context, result.Accepted.Length);
        var response = new EnqueueActionsResponse(
            id, [.. result.Accepted.Select(action => new AcceptedActionResponse(action.Seq, action.ActionId))], result.QueueDepth, result.QueueCapacity);
        return JsonResponse.Status(StatusCodes.Status202Accepted, response, ActionsJsonContext.Default.EnqueueActionsResponse);
    }

    private static async Task<IResult> PollAsync(
        string id, HttpContext context, IGrainFactory grains, TenantResolver tenants, IOptions<ActionQueueOptions> queueOptions)
    {
        if (!SessionKey.IsValidSessionId(id))
        {
            return SessionEndpoints.InvalidId();
        }

        var limits = queueOptions.Value;
        var validation = new RequestValidation();
        var timeoutMs = Query.Long(context, "timeout_ms", DEFAULT_POLL_TIMEOUT_MS, 0, (long)limits.MaxPollWait.TotalMilliseconds, validation);
        var max = Query.Long(context, "max", limits.MaxPoll, 1, limits.MaxPoll, validation);
        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var actions = await grains.GetGrain<ISessionGrain>(SessionKey.For(tenants.Resolve(context), id))
            .PollActionsAsync((int)max, TimeSpan.FromMilliseconds(timeoutMs), context.RequestAborted);
        return JsonResponse.Ok(new ActionsDelivery(ActionMapping.ToResponses(actions)), ActionsJsonContext.Default.ActionsDelivery);
    }

    private static async Task<IResult> AckAsync(string id, HttpContext context, IGrainFactory grains, TenantResolver tenants)
    {
        if (!SessionKey.IsValidSessionId(id))
        {
            return SessionEndpoints.InvalidId();
        }

        var (body, problem) = await JsonBody.ReadAsync(context, ActionsJsonContext.Default.AckActionsRequest);
        if (problem is not null)
        {
            return problem;
        }

        var validation = new RequestValidation();
        var acks = ActionRequestParser.ParseAcks(body!, validation);
        if (acks is null)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var result = await grains.GetGrain<ISessionGrain>(SessionKey.For(tenants.Resolve(context), id)).AckActionsAsync(acks.Value);
        return JsonResponse.Ok(ActionMapping.ToResponse(result), ActionsJsonContext.Default.AckActionsResponse);
    }

    private static async Task<IResult> PendingAsync(string id, HttpContext context, IGrainFactory grains, TenantResolver tenants)
    {
        if (!SessionKey.IsValidSessionId(id))
        {
            return SessionEndpoints.InvalidId();
        }

        var session = grains.GetGrain<ISessionGrain>(SessionKey.For(tenants.Resolve(context), id));
        var pending = await session.GetPendingActionsAsync();
        var stats = await session.GetActionStatsAsync();
        return JsonResponse.Ok(
            new PendingActionsResponse(ActionMapping.ToResponses(pending), stats.QueueDepth, stats.QueueCapacity), ActionsJsonContext.Default.PendingActionsResponse);
    }

    private static async Task<IResult> StatsAsync(string id, HttpContext context, IGrainFactory grains, TenantResolver tenants)
    {
        if (!SessionKey.IsValidSessionId(id))
        {
            return SessionEndpoints.InvalidId();
        }

        var stats = await grains.GetGrain<ISessionGrain>(SessionKey.For(tenants.Resolve(context), id)).GetActionStatsAsync();
        return JsonResponse.Ok(
            new ActionStatsResponse(
                stats.Accepted, stats.Delivered, stats.Acked, stats.Refused, stats.Cancelled, stats.Abandoned, stats.QueueDepth, stats.QueueCapacity,
                ActionMapping.ToResponse(stats.DeliveryLatency), ActionMapping.ToResponse(stats.AckLatency)),
            ActionsJsonContext.Default.ActionStatsResponse);
    }

    private static async Task<IResult> EmergencyStopAsync(string id, HttpContext context, IGrainFactory grains, TenantResolver tenants)
    {
        if (!SessionKey.IsValidSessionId(id))
        {
            return SessionEndpoints.InvalidId();
        }

        var (body, problem) = await JsonBody.ReadAsync(context, ActionsJsonContext.Default.EmergencyStopRequest);
        if (problem is not null)
        {
            return problem;
        }

        var validation = new RequestValidation();
        validation.RequireText("reason", body!.Reason, MAX_REASON_LENGTH);
        if (body.RequestedBy is not null)
        {
            validation.RequireText("requested_by", body.RequestedBy, MAX_ACTOR_LENGTH);
        }

        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        // The authenticated principal is who stopped the session; a request without one names itself, or is anonymous.
        var actor = context.User.FindFirst("sub")?.Value ?? body.RequestedBy ?? ANONYMOUS_ACTOR;
        var result = await grains.GetGrain<ISessionGrain>(SessionKey.For(tenants.Resolve(context), id)).EmergencyStopAsync(actor, body.Reason!);
        return JsonResponse.Ok(
            new EmergencyStopResponse(id, result.RevokedLeaseId, result.RevokedControllerId, result.CancelledActions, actor, result.At),
            ActionsJsonContext.Default.EmergencyStopResponse);
    }

    /// <summary>How long a poll waits when it does not say: 20 s.</summary>
    public const long DEFAULT_POLL_TIMEOUT_MS = 20_000;

    private const string ANONYMOUS_ACTOR = "anonymous";
}
