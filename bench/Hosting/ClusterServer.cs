using Beach.Actors.Postgres;
using Beach.Actors.Runtime.Catalog;
using Beach.Actors.Runtime.Cluster;
using Beach.Actors.Runtime.Membership;
using Beach.Actors.Sessions;
using Beach.Actors.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Bench.Hosting;

/// <summary>
/// A cluster in this process, all on loopback: <see cref="SILOS"/> cluster silos (<see cref="ClusterSilo"/>) over one
/// PostgreSQL database, and one gateway process (<see cref="GatewayProcess"/>) in front of them, a cluster client that
/// hosts no grains. Membership runs with the production timings (<see cref="MembershipOptions"/>' defaults): the
/// loopback test timings join no faster here and probe twenty times as often while the rows are measured. The gateway
/// also maps <see cref="EmbeddedServer.FLOOR_PATH"/>, the empty POST the floor rows measure.
/// </summary>
internal sealed class ClusterServer : IAsyncDisposable
{
    public const int SILOS = 3;

    /// <summary>
    /// A grain call and nothing else: <c>GET {SESSION_READ_PATH}{tenant}/{id}</c> reads the session grain through the
    /// gateway's hop to its silo, without the audit record the product's own session read appends.
    /// </summary>
    public const string SESSION_READ_PATH = "/bench/sessions/";

    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(60);

    private readonly List<IHost> _silos;
    private readonly WebApplication _gateway;

    private ClusterServer(List<IHost> silos, WebApplication gateway, Uri address)
    {
        _silos = silos;
        _gateway = gateway;
        Address = address;
    }

    /// <summary>The gateway's HTTP address.</summary>
    public Uri Address { get; }

    /// <summary>Each silo's audit log counters, in silo order: each silo has its own group-commit writer.</summary>
    public IReadOnlyList<PostgresGroupCommitStatistics> AuditStatistics
        => [.. _silos.Select(silo => silo.Services.GetRequiredService<PostgresAuditLog>().WriterStatistics)];

    /// <summary>Activations on each silo (grains and system grains), in silo order.</summary>
    public IReadOnlyList<int> Activations => [.. _silos.Select(silo => silo.Services.GetRequiredService<ActivationCatalog>().Count)];

    public static async Task<ClusterServer> StartAsync(string postgres)
    {
        var silos = new List<IHost>();
        WebApplication? gateway = null;
        try
        {
            for (var i = 1; i <= SILOS; i++)
            {
                var silo = ClusterSilo.Build(["--postgres", postgres, "--name", $"bench-silo-{i}", "--silo-port", "0"], Quiet);
                silos.Add(silo);
                await silo.StartAsync();
            }

            // The gateway reads the membership table once at start and then every few seconds: start it once every
            // silo is active, so its first list already names all of them.
            await WaitForViewsAsync(silos);
            gateway = GatewayProcess.Build(["--postgres", postgres, "--name", "bench-gateway", "--url", "http://127.0.0.1:0"], services =>
            {
                Quiet(services);
                BenchSecurity.Configure(services);
            });
            gateway.MapPost(EmbeddedServer.FLOOR_PATH, static () => Results.NoContent()).AllowAnonymous();
            gateway.MapGet(SESSION_READ_PATH + "{tenant}/{id}", static async (string tenant, string id, IGrainFactory grains)
                => await grains.GetGrain<ISessionGrain>(SessionKey.For(tenant, id)).GetAsync() is null ? Results.NotFound() : Results.NoContent()).AllowAnonymous();
            await gateway.StartAsync();
            return new ClusterServer(silos, gateway, new Uri(EmbeddedSilo.Addresses(gateway).Single()));
        }
        catch
        {
            await StopAsync(silos, gateway);
            throw;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(_silos, _gateway));

    private static void Quiet(IServiceCollection services)
    {
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    private static async Task WaitForViewsAsync(List<IHost> silos)
    {
        var deadline = DateTime.UtcNow + JoinTimeout;
        while (silos.Any(silo => silo.Services.GetRequiredService<ClusterViewSource>().Current.Active.Length != silos.Count))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The {silos.Count} silos did not agree on {silos.Count} active silos in {JoinTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The gateway first, so no call is in flight when the silos leave; then the silos, one by one.</summary>
    private static async Task StopAsync(List<IHost> silos, WebApplication? gateway)
    {
        if (gateway is not null)
        {
            await gateway.StopAsync();
            await gateway.DisposeAsync();
        }

        foreach (var silo in silos)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await silo.StopAsync(timeout.Token);
            }
            finally
            {
                silo.Dispose();
            }
        }
    }
}
