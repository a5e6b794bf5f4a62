using System.Globalization;
using Beach.Actors.Gateway.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Gateway.RateLimiting;

/// <summary>
/// Takes a permit from the caller's tenant bucket and its controller bucket (the token's <c>sub</c> within the
/// tenant); either empty → 429 with <c>Retry-After</c> in whole seconds. Anonymous routes (probes) are not limited.
/// </summary>
internal sealed class RateLimitMiddleware
{
    private readonly RequestDelegate _next;
    private readonly bool _enabled;
    private readonly TokenBucketTable _tenants;
    private readonly TokenBucketTable _controllers;

    public RateLimitMiddleware(RequestDelegate next, IOptions<RateLimitOptions> options, TimeProvider clock)
    {
        var limits = options.Value;
        _next = next;
        _enabled = limits.Enabled;
        _tenants = new TokenBucketTable(limits.TenantBurst, limits.TenantPermitsPerSecond, limits.MaxBuckets, clock);
        _controllers = new TokenBucketTable(limits.ControllerBurst, limits.ControllerPermitsPerSecond, limits.MaxBuckets, clock);
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (!_enabled || context.Features.Get<CallerIdentity>() is not { } caller)
        {
            return _next(context);
        }

        if (!_tenants.TryTake(caller.Tenant, out var retryAfter))
        {
            return TooManyAsync(context, retryAfter, $"Tenant '{caller.Tenant}' is over its request rate.");
        }

        if (!_controllers.TryTake($"{caller.Tenant}/{caller.Subject}", out retryAfter))
        {
            return TooManyAsync(context, retryAfter, $"Controller '{caller.Subject}' is over its request rate.");
        }

        return _next(context);
    }

    private static Task TooManyAsync(HttpContext context, TimeSpan retryAfter, string why)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Problems.Of(
                StatusCodes.Status429TooManyRequests, SecurityProblemTypes.RateLimited, "Too many requests.",
                $"{why} Nothing was applied; retry after {seconds} s.",
                new Dictionary<string, object?> { ["retry_after_seconds"] = seconds })
            .ExecuteAsync(context);
    }
}
