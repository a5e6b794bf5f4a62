using System.Net;
using Beach.Actors.Gateway.RateLimiting;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Gateway.Tests.Security;

/// <summary>Token buckets per tenant and per controller: an empty bucket answers 429 with Retry-After until the clock refills it.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task A_tenant_over_its_rate_gets_429_with_retry_after_until_the_bucket_refills()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock, Limits(tenantBurst: 3, tenantRate: 0.5, controllerBurst: 100, controllerRate: 100));
        var a = host.ClientFor(host.MintToken(subject: "a"));
        var b = host.ClientFor(host.MintToken(subject: "b"));
        var otherTenant = host.ClientFor(host.MintToken(tenant: "other"));

        for (var i = 0; i < 3; i++)
        {
            (await a.GetSessionAsync("s")).Status.ShouldBe(HttpStatusCode.NotFound);
        }

        var limited = await a.GetSessionAsync("s");
        var sameTenant = await b.GetSessionAsync("s");

        limited.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.ContentType.ShouldBe("application/problem+json");
        limited.ProblemBody.GetProperty("retry_after_seconds").GetInt32().ShouldBe(2);
        sameTenant.Status.ShouldBe(HttpStatusCode.TooManyRequests, "the tenant's bucket is shared by its controllers");
        (await otherTenant.GetSessionAsync("s")).Status.ShouldBe(HttpStatusCode.NotFound, "another tenant has its own bucket");
        (await RetryAfterAsync(a)).ShouldBe("2");

        clock.Advance(TimeSpan.FromSeconds(2));
        (await a.GetSessionAsync("s")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_controller_over_its_rate_gets_429_while_other_controllers_of_its_tenant_go_on()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock, Limits(tenantBurst: 100, tenantRate: 100, controllerBurst: 2, controllerRate: 1));
        var noisy = host.ClientFor(host.MintToken(subject: "noisy"));
        var quiet = host.ClientFor(host.MintToken(subject: "quiet"));

        (await noisy.GetSessionAsync("s")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await noisy.GetSessionAsync("s")).Status.ShouldBe(HttpStatusCode.NotFound);
        var limited = await noisy.GetSessionAsync("s");

        limited.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.ProblemBody.GetProperty("detail").GetString()!.ShouldContain("noisy");
        (await quiet.GetSessionAsync("s")).Status.ShouldBe(HttpStatusCode.NotFound);

        clock.Advance(TimeSpan.FromSeconds(1));
        (await noisy.GetSessionAsync("s")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Probes_are_not_limited()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock, Limits(tenantBurst: 1, tenantRate: 0.01, controllerBurst: 1, controllerRate: 0.01));
        var anonymous = host.ClientFor(null).Http;

        for (var i = 0; i < 5; i++)
        {
            (await anonymous.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    private static Action<IServiceCollection> Limits(int tenantBurst, double tenantRate, int controllerBurst, double controllerRate)
        => services => services.Configure<RateLimitOptions>(limits =>
        {
            limits.Enabled = true;
            limits.TenantBurst = tenantBurst;
            limits.TenantPermitsPerSecond = tenantRate;
            limits.ControllerBurst = controllerBurst;
            limits.ControllerPermitsPerSecond = controllerRate;
        });

    private static async Task<string?> RetryAfterAsync(Testing.Http.ControlPlaneClient client)
    {
        using var response = await client.Http.GetAsync("/sessions/s");
        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        return response.Headers.RetryAfter?.ToString();
    }
}
