using System.Reflection;
using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Hosting;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Runtime.Messaging.Wire;
using Beach.Actors.Runtime.Registry;
using Beach.Actors.Runtime.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Client;

/// <summary>Adds a cluster client: an <see cref="IGrainFactory"/> whose calls go to the cluster's gateways.</summary>
public static class ClusterClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers a client of the cluster whose <see cref="Beach.Actors.Cluster.IMembershipTable"/> the host registers (PostgreSQL in
    /// a cluster): the grain interfaces of <paramref name="grainInterfaces"/>, calls spread over the active silos that
    /// take clients, and reconnection when one goes. The host runs no grains. Call timeouts are
    /// <see cref="SiloOptions.ResponseTimeout"/>; connections follow <see cref="SiloTransportOptions"/>.
    /// </summary>
    public static IServiceCollection AddBeachClusterClient(
        this IServiceCollection services, IEnumerable<Assembly> grainInterfaces, Action<ClusterClientOptions>? configure = null)
    {
        var registry = new GrainTypeRegistry();
        foreach (var assembly in grainInterfaces)
        {
            registry.AddAssembly(assembly);
        }

        // The runtime's own interfaces: the client pulls streams from their home silos' stream-home grains.
        registry.AddAssembly(typeof(Streams.Cluster.IStreamHomeGrain).Assembly);

        var options = services.AddOptions<ClusterClientOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddOptions<SiloOptions>();
        services.AddOptions<SiloTransportOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(registry);
        services.AddSingleton(sp => new MessageCodec(sp.GetRequiredService<GrainTypeRegistry>()));
        services.AddSingleton<TransportLog>();
        services.AddSingleton(sp => new GatewayList(sp.GetRequiredService<Beach.Actors.Cluster.IMembershipTable>()));
        services.AddSingleton(sp => new GatewayConnections(
            sp.GetRequiredService<GatewayList>(),
            sp.GetRequiredService<IOptions<SiloTransportOptions>>(),
            sp.GetRequiredService<IOptions<SiloOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<MessageCodec>(),
            sp.GetRequiredService<TransportLog>()));
        services.AddSingleton<InFlightCalls>();
        services.AddSingleton<IGrainCallInvoker>(sp => new RuntimeClient(
            sp.GetRequiredService<GatewayConnections>(),
            sp.GetRequiredService<InFlightCalls>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<SiloOptions>>()));
        services.AddSingleton<IGrainFactory>(sp => new GrainFactory(sp.GetRequiredService<GrainTypeRegistry>(), sp.GetRequiredService<IGrainCallInvoker>()));
        services.AddHostedService(sp => new ClusterClientLifecycle(
            sp.GetRequiredService<GatewayList>(),
            sp.GetRequiredService<GatewayConnections>(),
            sp.GetRequiredService<IOptions<ClusterClientOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ClusterClientLifecycle>>()));

        // The client's stream hub mirrors streams homed on the silos, and forwards what the client publishes to them.
        Streams.Cluster.ClusterStreamServiceCollectionExtensions.AddClientClusterStreams(services);
        Streams.StreamServiceCollectionExtensions.AddBeachStreams(services);
        return services;
    }
}
