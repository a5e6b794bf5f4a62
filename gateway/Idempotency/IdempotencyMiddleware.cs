using System.Collections.Concurrent;
using Beach.Actors.Gateway.Problems;
using Beach.Actors.Gateway.Security;
using Beach.Actors.Idempotency;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Gateway.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on a state-changing POST: the first request with a (tenant, key) runs and its answer is
/// stored in the key's grain; a later request with the same method, path and body gets that answer again (and
/// <c>Idempotent-Replayed: true</c>); one with a different request gets 422. Concurrent duplicates in this process
/// wait for the first; a duplicate running on another gateway gets 409 with <c>Retry-After</c>. Answers of 5xx and
/// 429 are not stored: nothing, or nothing known, was applied, so a retry runs again.
/// </summary>
internal sealed class IdempotencyMiddleware(RequestDelegate next, IGrainFactory grains, IOptions<IdempotencyOptions> options)
{
    public const string HEADER = "Idempotency-Key";
    public const string REPLAYED_HEADER = "Idempotent-Replayed";

    /// <summary>Bounds how often a duplicate waits behind leaders that gave up (a 5xx each) before it answers 409.</summary>
    private const int MAX_WAIT_ROUNDS = 8;

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _running = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || context.Features.Get<CallerIdentity>() is not { } caller
            || !context.Request.Headers.TryGetValue(HEADER, out var header))
        {
            await next(context);
            return;
        }

        var key = header.ToString();
        if (header.Count != 1 || !IdempotencyKey.IsValid(key))
        {
            await Problems.Problems.Of(
                    StatusCodes.Status400BadRequest, SecurityProblemTypes.IdempotencyKeyInvalid, "Invalid Idempotency-Key.",
                    $"Send one Idempotency-Key of 1–{IdempotencyKey.MAX_LENGTH} visible ASCII characters (a UUID is a good choice).")
                .ExecuteAsync(context);
            return;
        }

        var fingerprint = await RequestFingerprint.ComputeAsync(context.Request, context.RequestAborted);
        var grainKey = IdempotencyKey.For(caller.Tenant, key);
        var grain = grains.GetGrain<IIdempotencyGrain>(grainKey);
        for (var round = 0; round < MAX_WAIT_ROUNDS; round++)
        {
            var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_running.TryAdd(grainKey, mine))
            {
                if (_running.TryGetValue(grainKey, out var leader))
                {
                    await leader.Task.WaitAsync(context.RequestAborted);
                }

                continue;
            }

            try
            {
                if (_running.Count > options.Value.MaxInFlightKeys)
                {
                    await BusyAsync(context, "This gateway runs too many idempotent requests at once.");
                    return;
                }

                await LeadAsync(context, grain, key, fingerprint);
                return;
            }
            finally
            {
                _running.TryRemove(new KeyValuePair<string, TaskCompletionSource>(grainKey, mine));
                mine.TrySetResult();
            }
        }

        await InProgressAsync(context, key);
    }

    private async Task LeadAsync(HttpContext context, IIdempotencyGrain grain, string key, string fingerprint)
    {
        var claim = await grain.BeginAsync(fingerprint, options.Value.ClaimTimeout);
        switch (claim.Outcome)
        {
            case IdempotencyOutcome.Replay:
                await ReplayAsync(context, claim.Response!);
                return;
            case IdempotencyOutcome.Mismatch:
                await Problems.Problems.Of(
                        StatusCodes.Status422UnprocessableEntity, SecurityProblemTypes.IdempotencyKeyReused, "Idempotency-Key reused.",
                        $"The Idempotency-Key '{key}' was already used for a different request (method, path or body). Use a new key for a new request.")
                    .ExecuteAsync(context);
                return;
            case IdempotencyOutcome.InProgress:
                await InProgressAsync(context, key);
                return;
        }

        StoredResponse? captured;
        try
        {
            captured = await ResponseCapture.RunAsync(context, next);
        }
        catch
        {
            await grain.AbandonAsync(fingerprint);
            throw;
        }

        if (captured is null)
        {
            await grain.AbandonAsync(fingerprint);
            return;
        }

        await grain.CompleteAsync(fingerprint, captured, options.Value.Retention);
    }

    private static async Task ReplayAsync(HttpContext context, StoredResponse stored)
    {
        var response = context.Response;
        response.StatusCode = stored.Status;
        response.Headers[REPLAYED_HEADER] = "true";
        if (stored.ContentType is not null)
        {
            response.ContentType = stored.ContentType;
        }

        if (stored.Location is not null)
        {
            response.Headers.Location = stored.Location;
        }

        var body = Convert.FromBase64String(stored.Body);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static Task InProgressAsync(HttpContext context, string key)
    {
        context.Response.Headers.RetryAfter = "1";
        return Problems.Problems.Of(
                StatusCodes.Status409Conflict, SecurityProblemTypes.IdempotencyKeyInProgress, "Request in progress.",
                $"A request with Idempotency-Key '{key}' is still running; retry after 1 s to get its answer.")
            .ExecuteAsync(context);
    }

    private static Task BusyAsync(HttpContext context, string why)
    {
        context.Response.Headers.RetryAfter = "1";
        return Problems.Problems.Of(
                StatusCodes.Status429TooManyRequests, ProblemTypes.Overloaded, "Overloaded.", $"{why} Nothing was applied; retry after 1 s.")
            .ExecuteAsync(context);
    }
}
