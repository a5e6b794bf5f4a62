using System.Reflection;
using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Cluster;
using Beach.Actors.Runtime.Hosting;
using Beach.Actors.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Bench.Hosting;

/// <summary>
/// Silos in this process, each with its own loopback TCP port, joined through one in-memory membership table: calls
/// between them take the real transport. Membership uses the fast test timings unless told otherwise.
/// </summary>
internal sealed class TcpCluster : IAsyncDisposable
{
    private readonly IMembershipTable _membership = new InMemoryMembershipTable();
    private readonly Assembly _grains;
    private readonly MembershipOptions _timings;
    private readonly List<IHost> _silos = [];

    public TcpCluster(Assembly grains, MembershipOptions? timings = null)
    {
        _grains = grains;
        _timings = timings ?? MembershipOptions.ForLoopbackCluster();
    }

    public IReadOnlyList<IHost> Silos => _silos;

    public async Task<IHost> AddSiloAsync()
    {
        var host = new HostBuilder()
            .ConfigureServices(services =>
            {
                services.AddSingleton(_membership);
                services.AddLogging(logging => logging.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
                services.AddBeachSilo(silo => silo.AddGrains(_grains).UseInMemoryStorage());
                services.AddBeachCluster(cluster => cluster.SiloName = $"bench-{_silos.Count + 1}");
                services.Configure<MembershipOptions>(options => options.CopyFrom(_timings));
            })
            .Build();
        await host.StartAsync();
        _silos.Add(host);
        return host;
    }

    /// <summary>
    /// Waits until every silo of <paramref name="silos"/> (every silo started, when null) sees <paramref name="active"/>
    /// active silos. The deadline outlasts the cluster's own timings: with the production defaults a fresh silo needs a
    /// table refresh or two, and a dead one the detection time, before every view agrees.
    /// </summary>
    public async Task WaitForViewsAsync(int active, IEnumerable<IHost>? silos = null)
    {
        var watched = (silos ?? _silos).ToList();
        var timeout = TimeSpan.FromSeconds(30) + _timings.FailureDetectionTime * 2;
        var deadline = DateTime.UtcNow + timeout;
        while (watched.Any(silo => View(silo).Active.Length != active))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The silos did not agree on {active} active silos in {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(10);
        }
    }

    public static ClusterView View(IHost silo) => silo.Services.GetRequiredService<ClusterViewSource>().Current;

    public static IGrainFactory Grains(IHost silo) => silo.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Kills a silo: its sockets close and it leaves no word in the table.</summary>
    public static async Task KillAsync(IHost silo)
    {
        await silo.Services.GetRequiredService<MembershipService>().StopAsync();
        silo.Services.GetRequiredService<Runtime.Transport.SiloConnectionManager>().Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await silo.StopAsync(timeout.Token);
            }
            catch (Exception)
            {
                // A killed silo may not stop cleanly; the process ends anyway.
            }

            silo.Dispose();
        }
    }
}
