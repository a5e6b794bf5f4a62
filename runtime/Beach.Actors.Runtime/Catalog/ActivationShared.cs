using Beach.Actors.Persistence;
using Beach.Actors.Runtime.Hosting;
using Beach.Actors.Runtime.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Runtime.Catalog;

/// <summary>What every activation of a silo shares, held once so an activation stays small.</summary>
internal sealed class ActivationShared(
    SiloOptions options,
    TimeProvider timeProvider,
    IServiceProvider services,
    SiloStatistics statistics,
    RuntimeLog log)
{
    public SiloOptions Options { get; } = options;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public IServiceProvider Services { get; } = services;

    public SiloStatistics Statistics { get; } = statistics;

    public RuntimeLog Log { get; } = log;

    // Set once at start-up; the catalog, router and factory need each other.
    public ActivationCatalog Catalog { get; set; } = null!;

    public IMessageRouter Router { get; set; } = null!;

    public IGrainFactory GrainFactory { get; set; } = null!;

    /// <summary>Where activations register; the single silo's catalog needs no more than itself.</summary>
    public GrainDirectory.IActivationDirectory Directory { get; set; } = GrainDirectory.LocalActivationDirectory.Instance;

    private long _lastActivationId;

    /// <summary>A new id for an activation, unique on this silo for its life.</summary>
    public long NextActivationId() => Interlocked.Increment(ref _lastActivationId);

    /// <summary>The silo's reminder registry, resolved on first use: the reminder service itself depends on the router.</summary>
    public Actors.Reminders.IReminderRegistry Reminders => Services.GetRequiredService<Actors.Reminders.IReminderRegistry>();

    /// <summary>The process's stream hub, resolved on first use.</summary>
    public Streams.LocalStreamHub Streams => Services.GetRequiredService<Streams.LocalStreamHub>();

    public IGrainStorage ResolveStorage(string? storageName)
    {
        var name = storageName ?? StorageNames.Default;
        return Services.GetKeyedService<IGrainStorage>(name)
            ?? throw new InvalidOperationException(
                $"No grain storage named '{name}' is registered. Register one with AddKeyedSingleton<IGrainStorage>(\"{name}\", …) or the silo builder.");
    }
}
