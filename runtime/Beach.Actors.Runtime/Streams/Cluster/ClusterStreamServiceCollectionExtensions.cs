using Beach.Actors.Runtime.Client;
using Beach.Actors.Runtime.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Streams.Cluster;

/// <summary>Makes a process's streams the cluster's: a silo homes streams and serves pulls; a client only forwards and pulls.</summary>
internal static class ClusterStreamServiceCollectionExtensions
{
    /// <summary>For a silo: needs the <see cref="ClusterViewSource"/>; the stream-home system grain is in the runtime's assembly.</summary>
    public static IServiceCollection AddSiloClusterStreams(this IServiceCollection services)
    {
        services.TryAddSingleton<IStreamHomeLocator>(sp => new SiloStreamHomeLocator(sp.GetRequiredService<ClusterViewSource>()));
        services.TryAddSingleton(sp =>
        {
            var home = new StreamHome(
                sp.GetRequiredService<IStreamHomeLocator>(),
                sp.GetRequiredService<IOptions<StreamOptions>>(),
                sp.GetRequiredService<IOptions<ClusterStreamOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<StreamLog>());

            // Waiting pulls are answered when the silo starts to stop, so they never hold its shutdown.
            sp.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(home.Stop);
            return home;
        });
        return services.AddClusterStreams(sp => sp.GetRequiredService<StreamHome>());
    }

    /// <summary>For a cluster client: the ring comes from the gateway list's reading of the membership table.</summary>
    public static IServiceCollection AddClientClusterStreams(this IServiceCollection services)
    {
        services.TryAddSingleton<IStreamHomeLocator>(sp => new ClientStreamHomeLocator(
            sp.GetRequiredService<GatewayList>(), sp.GetRequiredService<GatewayConnections>()));
        return services.AddClusterStreams(_ => null);
    }

    private static IServiceCollection AddClusterStreams(this IServiceCollection services, Func<IServiceProvider, StreamHome?> home)
    {
        services.AddOptions<ClusterStreamOptions>();
        services.AddOptions<StreamOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StreamLog>();
        services.TryAddSingleton<ClusterStreamLog>();
        services.TryAddSingleton(sp => new StreamForwarder(
            sp.GetRequiredService<IGrainFactory>,
            sp.GetRequiredService<IStreamHomeLocator>(),
            home(sp),
            sp.GetRequiredService<IOptions<ClusterStreamOptions>>(),
            sp.GetRequiredService<ClusterStreamLog>()));
        services.TryAddSingleton(sp =>
        {
            var streams = new ClusterStreams(
                sp.GetRequiredService<IGrainFactory>,
                sp.GetRequiredService<IStreamHomeLocator>(),
                sp.GetRequiredService<StreamForwarder>(),
                home(sp),
                sp.GetRequiredService<IOptions<ClusterStreamOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ClusterStreamLog>());

            // Mirrors stop pulling when the process starts to stop: nothing they pull could be delivered any more.
            sp.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(streams.Dispose);
            return streams;
        });
        return services;
    }
}
