using System.Net;
using Beach.Actors.Cluster.Tests.Support;
using Beach.Actors.Gateway.Security;
using Beach.Actors.Runtime.Client;
using Beach.Actors.Silo;
using Beach.Actors.Testing.Http;
using Beach.Actors.Testing.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Cluster.Tests;

public sealed class GatewayProcessTests
{
    [Fact]
    public async Task The_gateway_process_hosts_no_grains_and_serves_the_api_from_a_cluster_of_three_silos_over_http()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await TestCluster.StartAsync(database.ConnectionString, silos: 3);
        await using var gateway = await StartGatewayAsync(database.ConnectionString);
        var api = gateway.Client;

        (await api.RegisterAsync(new { SessionId = "gw-1", HarnessId = "h1", HarnessType = "terminal_shim", Capabilities = new[] { "terminal_semantic_v1" } }))
            .Status.ShouldBe(HttpStatusCode.Created);
        var grant = (await api.AcquireAsync("gw-1", "alice", 30_000)).Body;
        grant.FencingToken.ShouldBe(1);

        var conflict = await api.AcquireAsync("gw-1", "bob", 30_000);
        conflict.Status.ShouldBe(HttpStatusCode.Conflict);
        conflict.ProblemBody.GetProperty("holder").GetString().ShouldBe("alice", "the grain's typed error crossed two hops with its fields");

        (await api.RenewAsync("gw-1", grant.LeaseId, 30_000)).Body.FencingToken.ShouldBe(1);
        (await api.ReleaseAsync("gw-1", grant.LeaseId)).Status.ShouldBe(HttpStatusCode.NoContent);
        (await api.ReadAllControllerEventsAsync("gw-1")).Select(e => e.Kind).ShouldBe(["granted", "renewed", "released"]);
        (await api.GetSessionAsync("nobody")).Status.ShouldBe(HttpStatusCode.NotFound);

        var lease = new GrainId("controller-lease", "dev/gw-1");
        cluster.Running.Count(silo => silo.Hosts(lease)).ShouldBe(1, "the lease grain lives on exactly one silo");
        gateway.App.Services.GetRequiredService<GatewayConnections>().ConnectionCount.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_gateway_keeps_serving_when_a_silo_is_killed()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await TestCluster.StartAsync(database.ConnectionString, silos: 3);
        await using var gateway = await StartGatewayAsync(database.ConnectionString);
        var api = gateway.Client;
        for (var i = 0; i < 12; i++)
        {
            await api.RegisterSessionAsync($"k-{i}");
        }

        await cluster.KillAsync(cluster.Running[0]);
        await cluster.WaitForViewsAsync(TimeSpan.FromSeconds(15));

        // Once the cluster has declared the silo dead, every session is served again, its state read from PostgreSQL.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        for (var i = 0; i < 12; i++)
        {
            ApiResponse<SessionJson> read;
            while ((read = await api.GetSessionAsync($"k-{i}")).Status != HttpStatusCode.OK && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            read.Status.ShouldBe(HttpStatusCode.OK, $"session k-{i} is served after the kill: {read.Problem}");
        }

        (await api.AcquireAsync("k-3", "alice", 30_000)).Body.FencingToken.ShouldBe(1);
    }

    internal static async Task<RunningGateway> StartGatewayAsync(string connectionString)
    {
        // The gateway process trusts the development key file it is given; the test signs its admin token with it.
        var keyFolder = Directory.CreateTempSubdirectory("beach-gateway-key-").FullName;
        var key = DevelopmentSigningKey.LoadOrCreate(keyFolder);
        var app = GatewayProcess.Build(
            ["--postgres", connectionString, "--url", "http://127.0.0.1:0", "--name", "test-gateway", "--dev-key-file", DevelopmentSigningKey.PathIn(keyFolder)],
            services =>
            {
                services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Error));
                services.Configure<ClusterClientOptions>(client => client.GatewayRefreshPeriod = TimeSpan.FromMilliseconds(200));
            });
        await app.StartAsync();
        Directory.Delete(keyFolder, recursive: true);
        var http = new HttpClient { BaseAddress = new Uri(EmbeddedSilo.Addresses(app).Single()), Timeout = TimeSpan.FromSeconds(60) };
        var token = TokenIssuer.MintDevelopment(key, new TokenRequest("test-admin", "dev", [Scopes.Admin], TimeSpan.FromHours(1)));
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return new RunningGateway(app, http);
    }

    internal sealed class RunningGateway(WebApplication app, HttpClient http) : IAsyncDisposable
    {
        public WebApplication App { get; } = app;

        public ControlPlaneClient Client { get; } = new(http);

        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
