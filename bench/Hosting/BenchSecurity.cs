using System.Security.Cryptography;
using Beach.Actors.Gateway;
using Beach.Actors.Gateway.RateLimiting;
using Beach.Actors.Gateway.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Bench.Hosting;

/// <summary>
/// The bench's gateways trust one development key made for the run and send one admin token signed with it. Rate
/// limits are off: the scenarios measure how fast the control plane serves one controller, not the limiter's bound.
/// </summary>
internal static class BenchSecurity
{
    private static readonly byte[] s_key = RandomNumberGenerator.GetBytes(DevelopmentSigningKey.KEY_BYTES);

    public static string Token { get; } = TokenIssuer.MintDevelopment(
        s_key, new TokenRequest("bench", GatewayOptions.DEFAULT_DEVELOPMENT_TENANT, [Scopes.Admin], TimeSpan.FromDays(1)));

    public static void Configure(IServiceCollection services)
    {
        services.Configure<SecurityOptions>(security => security.DevelopmentKey = s_key);
        services.Configure<RateLimitOptions>(limits => limits.Enabled = false);
    }
}
