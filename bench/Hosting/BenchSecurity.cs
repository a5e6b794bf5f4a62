using System.Security.Cryptography;
using Beach.Actors.Gateway;
using Beach.Actors.Gateway.RateLimiting;
using Beach.Actors.Gateway.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Bench.Hosting;

/// <summary>
/// The bench's gateways trust one development key made for the run and send admin tokens signed with it: the
/// development tenant's unless a scenario asks for another tenant's. Rate
/// limits are off: the scenarios measure how fast the control plane serves one controller, not the limiter's bound.
/// </summary>
internal static class BenchSecurity
{
    private static readonly byte[] s_key = RandomNumberGenerator.GetBytes(DevelopmentSigningKey.KEY_BYTES);

    public static string Token { get; } = TokenFor(GatewayOptions.DEFAULT_DEVELOPMENT_TENANT);

    /// <summary>An admin token of <paramref name="tenant"/>, signed with the run's key.</summary>
    public static string TokenFor(string tenant)
        => TokenIssuer.MintDevelopment(s_key, new TokenRequest("bench", tenant, [Scopes.Admin], TimeSpan.FromDays(1)));

    public static void Configure(IServiceCollection services)
    {
        services.Configure<SecurityOptions>(security => security.DevelopmentKey = s_key);
        services.Configure<RateLimitOptions>(limits => limits.Enabled = false);
    }
}
