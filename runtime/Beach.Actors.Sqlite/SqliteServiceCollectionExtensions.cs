using Beach.Actors.Audit;
using Beach.Actors.Cluster;
using Beach.Actors.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Sqlite;

/// <summary>Registers the embedded SQLite store with a host.</summary>
public static class SqliteServiceCollectionExtensions
{
    /// <summary>The storage name that <see cref="PersistentStateAttribute"/> uses when it names none.</summary>
    public const string DEFAULT_STORAGE_NAME = "Default";

    /// <summary>
    /// Registers one <see cref="SqliteDatabase"/> and, on it, the grain storage (as the <c>Default</c> keyed
    /// <see cref="IGrainStorage"/> and as the unkeyed one) and the <see cref="IAuditLog"/>.
    /// </summary>
    public static IServiceCollection AddBeachSqlite(this IServiceCollection services, Action<SqliteOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SqliteOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(provider => new SqliteDatabase(
            provider.GetRequiredService<IOptions<SqliteOptions>>().Value,
            provider.GetService<TimeProvider>(),
            provider.GetService<ILoggerFactory>()));
        services.TryAddSingleton(provider => new SqliteGrainStorage(provider.GetRequiredService<SqliteDatabase>()));
        services.AddKeyedSingleton<IGrainStorage>(DEFAULT_STORAGE_NAME, (provider, _) => provider.GetRequiredService<SqliteGrainStorage>());
        services.AddSingleton<IGrainStorage>(provider => provider.GetRequiredService<SqliteGrainStorage>());
        services.AddSingleton<IAuditLog>(provider => new SqliteAuditLog(provider.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IReminderTable>(provider => new SqliteReminderTable(provider.GetRequiredService<SqliteDatabase>()));
        return services;
    }
}
