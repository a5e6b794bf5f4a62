using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Beach.Actors.Gateway.Security;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Testing;
using Beach.Actors.Testing.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Beach.Actors.Gateway.Tests.Security;

/// <summary>A missing, expired, wrongly signed, malformed or under-scoped token is refused with the reason; a good one passes.</summary>
public sealed class AuthenticationTests
{
    private const string SESSION = "auth-1";

    [Fact]
    public async Task A_request_without_a_token_gets_401_saying_a_token_is_missing()
    {
        await using var host = await GatewayHost.StartAsync();

        var response = await host.ClientFor(null).GetSessionAsync(SESSION);

        await ShouldBeRefusedAsync(response, host, null, HttpStatusCode.Unauthorized, "missing");
    }

    [Fact]
    public async Task An_expired_token_gets_401_saying_it_expired()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock);
        var token = host.MintToken(lifetime: TimeSpan.FromMinutes(5));
        (await host.ClientFor(token).GetSessionAsync(SESSION)).Status.ShouldBe(HttpStatusCode.NotFound, "valid until it expires");

        clock.Advance(TimeSpan.FromMinutes(5) + SecurityOptions.DEFAULT_CLOCK_SKEW);
        var response = await host.ClientFor(token).GetSessionAsync(SESSION);

        await ShouldBeRefusedAsync(response, host, token, HttpStatusCode.Unauthorized, "expired");
        response.ProblemBody.GetProperty("detail").GetString()!.ShouldContain("expired at");
    }

    [Fact]
    public async Task A_token_not_yet_valid_gets_401_and_passes_once_its_time_comes()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock);
        var minted = new ManualTimeProvider(clock.GetUtcNow() + TimeSpan.FromMinutes(10));
        var token = TokenIssuer.MintDevelopment(host.DevelopmentKey, new TokenRequest("early", GatewayHost.TENANT, [Scopes.Admin], TimeSpan.FromHours(1)), minted);

        var early = await host.ClientFor(token).GetSessionAsync(SESSION);
        await ShouldBeRefusedAsync(early, host, token, HttpStatusCode.Unauthorized, "not_yet_valid");

        // The gateway remembers the checked token; its times are still read against the clock on every use.
        clock.Advance(TimeSpan.FromMinutes(10));
        (await host.ClientFor(token).GetSessionAsync(SESSION)).Status.ShouldBe(HttpStatusCode.NotFound, "valid from its nbf");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_gets_401_saying_the_signature_does_not_verify()
    {
        await using var host = await GatewayHost.StartAsync();
        var token = TokenIssuer.MintDevelopment(RandomNumberGenerator.GetBytes(32), new TokenRequest("mallory", GatewayHost.TENANT, [Scopes.Admin], TimeSpan.FromHours(1)));

        var response = await host.ClientFor(token).GetSessionAsync(SESSION);

        await ShouldBeRefusedAsync(response, host, token, HttpStatusCode.Unauthorized, "bad_signature");
    }

    [Fact]
    public async Task A_token_with_a_tampered_payload_gets_401()
    {
        await using var host = await GatewayHost.StartAsync();
        var parts = host.MintToken(tenant: "other").Split('.');
        var forged = $"{parts[0]}.{Base64UrlEncoder.Encode("{\"sub\":\"x\",\"tenant\":\"dev\",\"scope\":\"pb:admin\",\"iss\":\"beach-actors\",\"aud\":\"beach-actors\",\"exp\":4102444800}")}.{parts[2]}";

        var response = await host.ClientFor(forged).GetSessionAsync(SESSION);

        await ShouldBeRefusedAsync(response, host, forged, HttpStatusCode.Unauthorized, "bad_signature");
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    public async Task A_malformed_token_gets_401_saying_it_is_malformed(string token)
    {
        await using var host = await GatewayHost.StartAsync();

        var response = await host.ClientFor(token).GetSessionAsync(SESSION);

        await ShouldBeRefusedAsync(response, host, token, HttpStatusCode.Unauthorized, "malformed");
    }

    [Fact]
    public async Task An_authorization_header_of_another_scheme_gets_401_malformed()
    {
        await using var host = await GatewayHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "YWxpY2U6c2VjcmV0");

        var response = await new ControlPlaneClient(http).GetSessionAsync(SESSION);

        response.Status.ShouldBe(HttpStatusCode.Unauthorized);
        response.ProblemBody.GetProperty("reason").GetString().ShouldBe("malformed");
    }

    [Fact]
    public async Task A_token_for_another_issuer_or_audience_gets_401()
    {
        await using var host = await GatewayHost.StartAsync();
        var wrongIssuer = TokenIssuer.MintDevelopment(host.DevelopmentKey, new TokenRequest("a", GatewayHost.TENANT, [Scopes.Admin], TimeSpan.FromHours(1)) { Issuer = "elsewhere" });
        var wrongAudience = TokenIssuer.MintDevelopment(host.DevelopmentKey, new TokenRequest("a", GatewayHost.TENANT, [Scopes.Admin], TimeSpan.FromHours(1)) { Audience = "elsewhere" });

        await ShouldBeRefusedAsync(await host.ClientFor(wrongIssuer).GetSessionAsync(SESSION), host, wrongIssuer, HttpStatusCode.Unauthorized, "wrong_issuer");
        await ShouldBeRefusedAsync(await host.ClientFor(wrongAudience).GetSessionAsync(SESSION), host, wrongAudience, HttpStatusCode.Unauthorized, "wrong_audience");
    }

    [Fact]
    public async Task A_token_without_the_routes_scope_gets_403_naming_the_scope()
    {
        await using var host = await GatewayHost.StartAsync();
        var token = host.MintToken(scopes: [Scopes.SessionsRead]);

        var response = await host.ClientFor(token).RegisterAsync(new { SessionId = SESSION, HarnessId = "h", HarnessType = "terminal_shim" });

        response.Status.ShouldBe(HttpStatusCode.Forbidden);
        response.ContentType.ShouldBe("application/problem+json");
        response.ProblemBody.GetProperty("required_scope").GetString().ShouldBe(Scopes.SessionsWrite);
        response.ProblemBody.GetProperty("detail").GetString()!.ShouldContain("pb:sessions.write");
        (await host.Client.GetSessionAsync(SESSION)).Status.ShouldBe(HttpStatusCode.NotFound, "a refused request changes nothing");
    }

    [Fact]
    public async Task Each_scope_opens_its_routes_and_admin_opens_all()
    {
        await using var host = await GatewayHost.StartAsync();
        var writer = host.ClientFor(host.MintToken(subject: "harness", scopes: [Scopes.SessionsWrite, Scopes.HarnessPublish]));
        var reader = host.ClientFor(host.MintToken(subject: "viewer", scopes: [Scopes.SessionsRead]));
        var controller = host.ClientFor(host.MintToken(subject: "ctl", scopes: [Scopes.ControlWrite]));

        (await writer.RegisterAsync(new { SessionId = SESSION, HarnessId = "h", HarnessType = "terminal_shim" })).Status.ShouldBe(HttpStatusCode.Created);
        (await writer.HeartbeatAsync(SESSION, "ok")).Status.ShouldBe(HttpStatusCode.OK);
        (await writer.GetSessionAsync(SESSION)).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.GetSessionAsync(SESSION)).Status.ShouldBe(HttpStatusCode.OK);
        (await reader.AcquireAsync(SESSION, "ctl", 30_000)).Status.ShouldBe(HttpStatusCode.Forbidden);
        var lease = (await controller.AcquireAsync(SESSION, "ctl", 30_000)).Body;
        (await reader.GetControllerEventsAsync(SESSION)).Body.Events.Count.ShouldBe(1);
        (await controller.ReleaseAsync(SESSION, lease.LeaseId)).Status.ShouldBe(HttpStatusCode.NoContent);
        (await host.Client.GetControllerEventsAsync(SESSION)).Body.Events.Count.ShouldBe(2, "pb:admin reads too");
    }

    [Fact]
    public async Task Probes_and_the_openapi_document_need_no_token()
    {
        await using var host = await GatewayHost.StartAsync();
        var anonymous = host.ClientFor(null).Http;

        (await anonymous.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync("/readyz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync("/openapi/v1.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_es256_token_is_accepted_when_its_public_key_is_configured()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = Path.Combine(Path.GetTempPath(), $"beach-es256-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(pem, signer.ExportSubjectPublicKeyInfoPem());
        try
        {
            await using var host = await GatewayHost.StartAsync(configureServices: services =>
                services.Configure<SecurityOptions>(security => security.Es256PublicKeyFiles.Add(pem)));
            var credentials = new SigningCredentials(new ECDsaSecurityKey(signer), SecurityAlgorithms.EcdsaSha256);
            var token = TokenIssuer.Mint(credentials, new TokenRequest("prod-controller", GatewayHost.TENANT, [Scopes.SessionsWrite], TimeSpan.FromMinutes(5)));
            using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var untrusted = TokenIssuer.Mint(new SigningCredentials(new ECDsaSecurityKey(other), SecurityAlgorithms.EcdsaSha256), new TokenRequest("x", GatewayHost.TENANT, [Scopes.SessionsWrite], TimeSpan.FromMinutes(5)));

            var accepted = await host.ClientFor(token).RegisterAsync(new { SessionId = SESSION, HarnessId = "h", HarnessType = "terminal_shim" });
            var refused = await host.ClientFor(untrusted).RegisterAsync(new { SessionId = "auth-2", HarnessId = "h", HarnessType = "terminal_shim" });

            accepted.Status.ShouldBe(HttpStatusCode.Created);
            refused.Status.ShouldBe(HttpStatusCode.Unauthorized);
            refused.ProblemBody.GetProperty("reason").GetString().ShouldBe("bad_signature");
        }
        finally
        {
            File.Delete(pem);
        }
    }

    private static async Task ShouldBeRefusedAsync<T>(ApiResponse<T> response, GatewayHost host, string? token, HttpStatusCode status, string reason)
        where T : class
    {
        response.Status.ShouldBe(status);
        response.ContentType.ShouldBe("application/problem+json");
        response.ProblemBody.GetProperty("reason").GetString().ShouldBe(reason);
        response.ProblemBody.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();

        // The same call again, for the header.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/sessions/{SESSION}");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var http = new HttpClient { BaseAddress = host.Address };
        using var raw = await http.SendAsync(request);
        raw.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
    }
}
