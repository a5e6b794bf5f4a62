using Beach.Actors.Audit;
using Beach.Actors.Persistence;
using Beach.Actors.Runtime;
using Beach.Actors.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Beach.Actors.Cluster.Tests.Support;

/// <summary>
/// The PostgreSQL database every silo of a test cluster shares: membership, grain state, reminders and the audit log,
/// created by the providers' own migrations in a fresh database. The silos share these providers except the audit log:
/// each silo opens its own on <see cref="ConnectionString"/>, fenced on its own membership row; <see cref="Audit"/> is
/// a log for no silo, for the tests' checkers.
/// </summary>
internal sealed class SharedStores : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private SharedStores(ServiceProvider services, string connectionString)
    {
        _services = services;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public IMembershipTable Membership => _services.GetRequiredService<IMembershipTable>();

    public IGrainStorage Storage => _services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    public IAuditLog Audit => _services.GetRequiredService<IAuditLog>();

    public IReminderTable Reminders => _services.GetRequiredService<IReminderTable>();

    public static async Task<SharedStores> OpenAsync(string connectionString)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddBeachPostgres(postgres => postgres.ConnectionString = connectionString)
            .BuildServiceProvider();
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var stores = new SharedStores(services, connectionString);
        await stores.Membership.InitializeAsync(CancellationToken.None);
        await stores.Reminders.InitializeAsync(CancellationToken.None);
        return stores;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _services.GetServices<IHostedService>().Reverse())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
    }
}
