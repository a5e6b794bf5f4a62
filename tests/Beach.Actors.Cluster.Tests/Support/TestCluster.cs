using Beach.Actors.Leases;
using Beach.Actors.Persistence;
using Beach.Actors.Postgres;
using Beach.Actors.Runtime;
using Beach.Actors.Runtime.Hosting;
using Beach.Actors.Runtime.Membership;
using Beach.Actors.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Cluster.Tests.Support;

/// <summary>
/// Silos in this process, each a real host with its own loopback TCP port, finding each other through one shared
/// PostgreSQL database (each silo with its own audit log, fenced on its membership row). A silo can be added, stopped
/// gracefully, killed abruptly (sockets closed, timers and storage cut, no goodbye) or cut off (its connections dropped
/// while it keeps running).
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private readonly List<TestSilo> _silos = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<TestSilo, Lazy<Task>> _stops = new();
    private readonly Action<IServiceCollection>? _configure;
    private int _nextName;

    private TestCluster(SharedStores stores, Action<IServiceCollection>? configure)
    {
        Stores = stores;
        _configure = configure;
    }

    public SharedStores Stores { get; }

    /// <summary>The silos not yet stopped, killed or cut off, oldest first.</summary>
    public IReadOnlyList<TestSilo> Running
    {
        get
        {
            lock (_silos)
            {
                return _silos.Where(silo => !silo.KillSwitch.IsKilled && !silo.HasStopped).ToList();
            }
        }
    }

    public static async Task<TestCluster> StartAsync(string connectionString, int silos, Action<IServiceCollection>? configure = null)
    {
        var cluster = new TestCluster(await SharedStores.OpenAsync(connectionString), configure);
        for (var i = 0; i < silos; i++)
        {
            await cluster.AddSiloAsync();
        }

        await cluster.WaitForViewsAsync();
        return cluster;
    }

    public async Task<TestSilo> AddSiloAsync()
    {
        var killSwitch = new KillSwitch();
        var name = $"silo-{Interlocked.Increment(ref _nextName)}";
        var host = new HostBuilder()
            .ConfigureServices(services =>
            {
                services.AddLogging(logging => logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Error));
                services.AddSingleton<TimeProvider>(new KillableTimeProvider(killSwitch));

                // The silo's own PostgreSQL providers, as a real silo registers them, so that its audit log knows the silo
                // (AddBeachCluster's ILocalSilo) and refuses appends once it is declared dead. Storage, reminders and
                // membership stay the shared ones (one connection pool for the cluster); everything the silo writes
                // through is cut by its kill switch.
                services.AddBeachPostgres(postgres => postgres.ConnectionString = Stores.ConnectionString);
                var storage = new KillableGrainStorage(Stores.Storage, killSwitch);
                services.AddKeyedSingleton<IGrainStorage>(StorageNames.Default, storage);
                services.AddSingleton<IGrainStorage>(storage);
                services.AddSingleton<Audit.IAuditLog>(provider => new KillableAuditLog(provider.GetRequiredService<PostgresAuditLog>(), killSwitch));
                services.AddSingleton(Stores.Reminders);
                services.AddSingleton<IMembershipTable>(new KillableMembershipTable(Stores.Membership, killSwitch));
                services.AddOptions<SessionOptions>();
                services.AddOptions<LeaseOptions>();
                services.AddBeachSilo(silo => silo
                    .AddGrains(typeof(SessionOptions).Assembly)
                    .AddGrains(typeof(ISessionGrain).Assembly)
                    .AddGrains(typeof(TestCluster).Assembly));
                services.AddBeachCluster(cluster => cluster.SiloName = name);
                services.Configure<MembershipOptions>(options => options.CopyFrom(MembershipOptions.ForLoopbackCluster()));
                _configure?.Invoke(services);
            })
            .Build();
        await host.StartAsync();
        var silo = new TestSilo(name, host, killSwitch);
        lock (_silos)
        {
            _silos.Add(silo);
        }

        // As a silo process's RunAsync does: a silo that stops its application (it read itself dead) stops its host.
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping
            .Register(() => _ = Task.Run(() => StopHostAsync(silo, CancellationToken.None)));

        return silo;
    }

    /// <summary>Waits until every running silo's view lists exactly the running silos.</summary>
    public async Task WaitForViewsAsync(TimeSpan? timeout = null)
    {
        await Eventually.HoldsAsync(() =>
        {
            var running = Running.Select(silo => silo.Address).OrderBy(address => address.ToString()).ToList();
            return Running.All(silo => silo.View.Active.OrderBy(address => address.ToString()).SequenceEqual(running));
        }, timeout ?? TimeSpan.FromSeconds(20), "every running silo sees every running silo as active");
    }

    /// <summary>Stops a silo gracefully: it leaves membership after deactivating its grains.</summary>
    public async Task StopAsync(TestSilo silo)
    {
        await StopHostAsync(silo, CancellationToken.None);
        silo.Host.Dispose();
    }

    /// <summary>Kills a silo: its sockets close, its timers and stores stop, and it says no goodbye.</summary>
    public Task KillAsync(TestSilo silo)
    {
        silo.KillSwitch.Kill();
        silo.Connections.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Cuts a silo off: its connections drop and none open, while it keeps running.</summary>
    public void CutOff(TestSilo silo) => silo.Connections.Isolate();

    /// <summary>Stops a silo's host once, whoever asks first (the test, or the silo itself).</summary>
    private Task StopHostAsync(TestSilo silo, CancellationToken cancellationToken) =>
        _stops.GetOrAdd(silo, _ => new Lazy<Task>(() => silo.Host.StopAsync(cancellationToken))).Value;

    public async ValueTask DisposeAsync()
    {
        List<TestSilo> silos;
        lock (_silos)
        {
            silos = [.. _silos];
        }

        foreach (var silo in silos.Where(silo => !silo.KillSwitch.IsKilled && !silo.HasStopped))
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await StopHostAsync(silo, timeout.Token);
            }
            catch (Exception)
            {
                // Best effort: a test that failed may leave a silo stuck.
            }
        }

        foreach (var silo in silos)
        {
            silo.KillSwitch.Kill();
            silo.Host.Dispose();
        }

        await Stores.DisposeAsync();
    }
}
