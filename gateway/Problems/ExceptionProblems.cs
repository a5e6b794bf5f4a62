using System.Globalization;
using Beach.Actors.Actions;
using Beach.Actors.Gateway.Agents;
using Beach.Actors.Leases;
using Beach.Actors.Persistence;
using Beach.Actors.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Beach.Actors.Gateway.Problems;

/// <summary>
/// The one place that turns an error a caller can act on into its HTTP status and problem document.
/// Anything unexpected becomes a 500 that names no internals.
/// </summary>
internal static class ExceptionProblems
{
    /// <summary>What a caller is told to wait after a silo could not be reached: about one membership refresh.</summary>
    private const int UNAVAILABLE_RETRY_AFTER_SECONDS = 1;

    public static IResult From(Exception exception, HttpContext context)
        => Build(exception, context, seconds => context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// The problem <see cref="From"/> would answer, for a channel that has no response headers to set (a WebSocket
    /// after its upgrade); <paramref name="retryAfterSeconds"/> is what Retry-After would have said.
    /// </summary>
    public static ProblemDetails Describe(Exception exception, HttpContext context, out int? retryAfterSeconds)
    {
        int? retry = null;
        var result = Build(exception, context, seconds => retry = seconds);
        retryAfterSeconds = retry;
        return result switch
        {
            ProblemHttpResult problem => problem.ProblemDetails,
            ValidationProblem validation => validation.ProblemDetails,
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Type = ProblemTypes.Internal, Detail = "The request failed unexpectedly." },
        };
    }

    private static IResult Build(Exception exception, HttpContext context, Action<int> retryAfter) => exception switch
    {
        SessionNotFoundException notFound => Problems.Of(
            StatusCodes.Status404NotFound, ProblemTypes.SessionNotFound, "Session not found.",
            $"No session '{notFound.SessionId}' is registered. Register it with POST /sessions/register first."),
        SessionConflictException conflict => Problems.Of(
            StatusCodes.Status409Conflict, ProblemTypes.SessionConflict, "Session id taken.", conflict.Message,
            new Dictionary<string, object?> { ["harness_id"] = conflict.RegisteredHarnessId }),
        LeaseHeldException held => Problems.Of(
            StatusCodes.Status409Conflict, ProblemTypes.LeaseHeld, "The controller lease is held.",
            $"{held.Message} Retry after it expires or is released.",
            new Dictionary<string, object?>
            {
                ["holder"] = held.Holder,
                ["expires_at"] = held.ExpiresAt.ToString("O", CultureInfo.InvariantCulture),
            }),
        LeaseNotHeldException notHeld => Problems.Of(
            StatusCodes.Status409Conflict, ProblemTypes.LeaseNotHeld, "That lease is not the current one.",
            $"{notHeld.Message} Acquire a new lease.",
            new Dictionary<string, object?> { ["lease_id"] = notHeld.LeaseId }),
        StaleFencingTokenException stale => Problems.Of(
            StatusCodes.Status409Conflict, ProblemTypes.StaleFencingToken, "Stale fencing token.",
            $"{stale.Message} Nothing was queued; acquire the lease again and send with its token.",
            new Dictionary<string, object?> { ["fencing_token"] = stale.FencingToken, ["highest_fencing_token"] = stale.HighestFencingToken }),
        ActionQueueFullException full => QueueFull(full, retryAfter),
        ArgumentOutOfRangeException { ParamName: "ttl" } ttl => Problems.Validation("ttl_ms", ttl.Message.Split(" (Parameter")[0]),
        InconsistentStateException => Problems.Of(
            StatusCodes.Status409Conflict, ProblemTypes.ConcurrentChange, "Changed concurrently.",
            "The state changed while this request ran; nothing was applied. Retry the request."),
        OverloadedException overloaded => Overloaded(overloaded, retryAfter),
        GrainCallTimeoutException => Problems.Of(
            StatusCodes.Status504GatewayTimeout, ProblemTypes.OutcomeUnknown, "Outcome unknown.",
            "The control plane did not answer in time; the change may or may not have been applied. Read the state before retrying."),
        SiloUnavailableException unavailable => Unavailable(unavailable, retryAfter),
        _ when AgentProblems.TryFrom(exception, out var agentProblem) => agentProblem,
        _ when Onboarding.OnboardingProblems.TryFrom(exception, out var onboardingProblem) => onboardingProblem,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => BodyTooLarge(context),
        BadHttpRequestException bad => Problems.Of(bad.StatusCode, ProblemTypes.Validation, "Bad request.", bad.Message),
        _ => Problems.Of(
            StatusCodes.Status500InternalServerError, ProblemTypes.Internal, "Internal error.",
            $"The request failed unexpectedly; trace id {context.TraceIdentifier}."),
    };

    public static IResult BodyTooLarge(HttpContext context) => Problems.Of(
        StatusCodes.Status413PayloadTooLarge, ProblemTypes.BodyTooLarge, "Request body too large.",
        $"The body exceeds the limit of {context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? GatewayOptions.DEFAULT_MAX_REQUEST_BODY_BYTES} bytes.");

    /// <summary>
    /// The silo that hosts the grain could not be reached and the call was never sent, so a retry is safe; the
    /// cluster moves the grain once it declares that silo dead (seconds, by MembershipOptions).
    /// </summary>
    private static IResult Unavailable(SiloUnavailableException unavailable, Action<int> retryAfter)
    {
        retryAfter(UNAVAILABLE_RETRY_AFTER_SECONDS);
        return Problems.Of(
            StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "Temporarily unavailable.",
            $"{unavailable.Message} Nothing was applied; retry after {UNAVAILABLE_RETRY_AFTER_SECONDS} s.");
    }

    private static IResult QueueFull(ActionQueueFullException full, Action<int> retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(full.RetryAfter.TotalSeconds));
        retryAfter(seconds);
        return Problems.Of(
            StatusCodes.Status429TooManyRequests, ProblemTypes.ActionQueueFull, "The session's action queue is full.",
            $"{full.Message} Nothing of this batch was queued; retry after {seconds} s.",
            new Dictionary<string, object?> { ["queue_depth"] = full.QueueDepth, ["queue_capacity"] = full.QueueCapacity });
    }

    private static IResult Overloaded(OverloadedException overloaded, Action<int> retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(overloaded.RetryAfter.TotalSeconds));
        retryAfter(seconds);
        return Problems.Of(
            StatusCodes.Status429TooManyRequests, ProblemTypes.Overloaded, "Overloaded.",
            $"{overloaded.Message} Retry after {seconds} s.");
    }
}
