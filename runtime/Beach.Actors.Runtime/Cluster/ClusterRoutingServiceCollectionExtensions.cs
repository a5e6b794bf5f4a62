using Beach.Actors.Runtime.Catalog;
using Beach.Actors.Runtime.GrainDirectory;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Runtime.Placement;
using Beach.Actors.Runtime.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Runtime.Cluster;

/// <summary>
/// Turns a silo's routing into the cluster's: the directory, placement and the cluster router replace the single
/// silo's catalog-only routing. Needs a <see cref="ClusterViewSource"/> (membership writes it), an
/// <see cref="ISiloMessageSender"/> and an <see cref="IRemoteDirectory"/> (the silo transport provides both).
/// </summary>
internal static class ClusterRoutingServiceCollectionExtensions
{
    public static IServiceCollection AddClusterRouting(this IServiceCollection services)
    {
        // The silo-control system grain lives in the runtime's own assembly.
        var registry = services.LastOrDefault(service => service.ServiceType == typeof(GrainTypeRegistry))?.ImplementationInstance as GrainTypeRegistry
            ?? throw new InvalidOperationException("Call AddBeachSilo before AddClusterRouting.");
        registry.AddAssembly(typeof(SiloControlGrain).Assembly);
        services.TryAddSingleton(sp => new SiloControlClient(sp.GetRequiredService<IGrainFactory>));
        services.TryAddSingleton<IRemoteDirectory>(sp => sp.GetRequiredService<SiloControlClient>());
        services.TryAddSingleton<Reminders.IRemoteReminders>(sp => sp.GetRequiredService<SiloControlClient>());
        services.TryAddSingleton<IClusterViewRefresher, NoClusterViewRefresher>();

        services.TryAddSingleton(_ => new PlacementDirector());
        services.AddSingleton(sp => new DistributedGrainDirectory(
            sp.GetRequiredService<ClusterViewSource>(),
            sp.GetRequiredService<IRemoteDirectory>(),
            sp.GetRequiredService<ActivationCatalog>(),
            sp.GetRequiredService<ILogger<DistributedGrainDirectory>>()));
        services.AddSingleton<IActivationDirectory>(sp => sp.GetRequiredService<DistributedGrainDirectory>());
        services.AddSingleton(sp => new ClusterMessageRouter(
            sp.GetRequiredService<ActivationCatalog>(),
            sp.GetRequiredService<DistributedGrainDirectory>(),
            sp.GetRequiredService<ClusterViewSource>(),
            sp.GetRequiredService<ISiloMessageSender>(),
            sp.GetRequiredService<PlacementDirector>(),
            sp.GetRequiredService<GrainTypeRegistry>()));
        services.Replace(ServiceDescriptor.Singleton<IMessageRouter>(sp => sp.GetRequiredService<ClusterMessageRouter>()));

        // Streams cross the cluster: homed on the ring, forwarded to and pulled from their home (sys.stream-home).
        Streams.Cluster.ClusterStreamServiceCollectionExtensions.AddSiloClusterStreams(services);
        return services;
    }
}
