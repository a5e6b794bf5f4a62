using Beach.Actors.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Beach.Actors.Runtime.Streams;

/// <summary>Adds this process's streams.</summary>
public static class StreamServiceCollectionExtensions
{
    /// <summary>
    /// Registers the process's stream hub as <see cref="IStreamProvider"/>, configured by <see cref="StreamOptions"/>.
    /// Silos and cluster clients call it; calling it again changes nothing.
    /// </summary>
    public static IServiceCollection AddBeachStreams(this IServiceCollection services, Action<StreamOptions>? configure = null)
    {
        var options = services.AddOptions<StreamOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StreamLog>();
        services.TryAddSingleton<LocalStreamHub>();
        services.TryAddSingleton<IStreamProvider>(sp => sp.GetRequiredService<LocalStreamHub>());
        return services;
    }
}
