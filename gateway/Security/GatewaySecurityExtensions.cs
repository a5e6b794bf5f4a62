using Beach.Actors.Gateway.Idempotency;
using Beach.Actors.Gateway.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Beach.Actors.Gateway.Security;

/// <summary>Bearer tokens and scopes, rate limits and idempotency keys: the gateway's guard in front of every route.</summary>
public static class GatewaySecurityExtensions
{
    /// <summary>Registers token validation, the start-up audit of route scopes, rate limits and the idempotency store.</summary>
    public static IServiceCollection AddBeachGatewaySecurity(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SecurityOptions>();
        services.AddOptions<RateLimitOptions>();
        services.AddOptions<IdempotencyOptions>();
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<BearerTokenValidator>();
        services.AddHostedService<RouteScopeAudit>();
        return services;
    }

    /// <summary>Adds, in order: authentication and scopes, rate limits, idempotency keys. Call after the error pipeline.</summary>
    public static IApplicationBuilder UseBeachGatewaySecurity(this IApplicationBuilder app)
    {
        app.UseMiddleware<BearerAuthenticationMiddleware>();
        app.UseMiddleware<RateLimitMiddleware>();
        app.UseMiddleware<IdempotencyMiddleware>();
        return app;
    }
}
