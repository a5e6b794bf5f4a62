using Beach.Actors.Cluster;
using Beach.Actors.Persistence;
using Beach.Actors.Runtime.Catalog;
using Beach.Actors.Runtime.Cluster;
using Beach.Actors.Runtime.Hosting;
using Beach.Actors.Runtime.Membership;
using Beach.Actors.Runtime.Storage;
using Beach.Actors.Runtime.Transport;
using Beach.Actors.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Runtime.Tests.Transport;

/// <summary>
/// Real silos in this process, each listening on its own loopback port, joined through one in-memory membership table
/// and one in-memory storage: the transport and membership as they run, without PostgreSQL.
/// </summary>
internal sealed class TcpSilos : IAsyncDisposable
{
    private readonly InMemoryMembershipTable _membership = new();
    private readonly IGrainStorage _storage = new MemoryGrainStorage();
    private readonly List<IHost> _hosts = [];

    public IReadOnlyList<IHost> Members => _hosts;

    /// <summary>The table the silos share; a cluster client reads its gateways from it.</summary>
    public IMembershipTable Membership => _membership;

    public async Task<IHost> AddAsync(Action<IServiceCollection>? configure = null)
    {
        var host = new HostBuilder()
            .ConfigureServices(services =>
            {
                services.AddLogging(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning));
                services.AddSingleton<Probe>();
                services.AddKeyedSingleton(StorageNames.Default, _storage);
                services.AddSingleton<IMembershipTable>(_membership);
                services.AddBeachSilo(silo => silo.AddGrains(typeof(TcpSilos).Assembly).UseInMemoryStorage());
                services.AddBeachCluster(cluster => cluster.SiloName = $"silo-{_hosts.Count + 1}");
                services.Configure<MembershipOptions>(options => options.CopyFrom(MembershipOptions.ForLoopbackCluster()));
                configure?.Invoke(services);
            })
            .Build();
        await host.StartAsync();
        _hosts.Add(host);
        return host;
    }

    public async Task WaitForViewsAsync(int active)
    {
        await Probe.WaitUntil(() => _hosts.All(host => host.Services.GetRequiredService<ClusterViewSource>().Current.Active.Length == active), 15_000);
    }

    public static SiloAddress AddressOf(IHost host) => host.Services.GetRequiredService<SiloEndpoint>().Address;

    public static ClusterView View(IHost host) => host.Services.GetRequiredService<ClusterViewSource>().Current;

    public static IGrainFactory Grains(IHost host) => host.Services.GetRequiredService<IGrainFactory>();

    public static bool Hosts(IHost host, GrainId grain) => host.Services.GetRequiredService<ActivationCatalog>().TryGet(grain, out _);

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await host.StopAsync(timeout.Token);
            }
            catch (Exception)
            {
                // Best effort.
            }

            host.Dispose();
        }
    }
}
