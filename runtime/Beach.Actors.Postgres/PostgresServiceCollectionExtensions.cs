using Beach.Actors.Audit;
using Beach.Actors.Cluster;
using Beach.Actors.Persistence;
using Beach.Actors.Postgres.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Postgres;

/// <summary>Registers the PostgreSQL providers with a host.</summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>The storage name that <see cref="PersistentStateAttribute"/> uses when it names none.</summary>
    public const string DEFAULT_STORAGE_NAME = "Default";

    /// <summary>
    /// Registers one <see cref="PostgresDatabase"/>, a hosted service that migrates its schema at start-up (the
    /// providers also await the migration before their first statement), and on it the grain storage (as the
    /// <c>Default</c> keyed <see cref="IGrainStorage"/> and as the unkeyed one), the <see cref="IAuditLog"/>, the
    /// <see cref="IReminderTable"/> and the <see cref="IMembershipTable"/>. When the host is a cluster silo (it has an
    /// <see cref="ILocalSilo"/>) the audit log refuses appends once that silo is declared dead, and it is the
    /// <see cref="IClusterAuditWriter"/> through which the silo appends for the others whose tenants it is the audit
    /// home of (each fenced on the silo it came from).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets at least <see cref="PostgresOptions.ConnectionString"/>.</param>
    public static IServiceCollection AddBeachPostgres(this IServiceCollection services, Action<PostgresOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PostgresOptions>().Configure(configure);

        services.TryAddSingleton(provider => new PostgresDatabase(
            provider.GetRequiredService<IOptions<PostgresOptions>>().Value,
            provider.GetService<TimeProvider>(),
            provider.GetService<ILoggerFactory>()));
        services.AddHostedService<PostgresSchemaInitializer>();
        services.TryAddSingleton(provider => new PostgresGrainStorage(provider.GetRequiredService<PostgresDatabase>()));
        services.AddKeyedSingleton<IGrainStorage>(DEFAULT_STORAGE_NAME, (provider, _) => provider.GetRequiredService<PostgresGrainStorage>());
        services.AddSingleton<IGrainStorage>(provider => provider.GetRequiredService<PostgresGrainStorage>());
        services.TryAddSingleton(provider => new PostgresAuditLog(provider.GetRequiredService<PostgresDatabase>(), provider.GetService<ILocalSilo>()));
        services.AddSingleton<IAuditLog>(provider => provider.GetRequiredService<PostgresAuditLog>());
        services.AddSingleton<IClusterAuditWriter>(provider => provider.GetRequiredService<PostgresAuditLog>());
        services.AddSingleton<IReminderTable>(provider => new PostgresReminderTable(provider.GetRequiredService<PostgresDatabase>()));
        services.AddSingleton<IMembershipTable>(provider => new PostgresMembershipTable(provider.GetRequiredService<PostgresDatabase>()));
        return services;
    }
}
