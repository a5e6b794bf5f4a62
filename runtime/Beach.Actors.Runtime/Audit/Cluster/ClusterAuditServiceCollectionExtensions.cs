using Beach.Actors.Audit;
using Beach.Actors.Runtime.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Beach.Actors.Runtime.Audit.Cluster;

/// <summary>Routes a cluster silo's audit appends to each tenant's audit home.</summary>
internal static class ClusterAuditServiceCollectionExtensions
{
    /// <summary>
    /// Wraps the <see cref="IAuditLog"/> registered so far in a <see cref="ClusterAuditLog"/>, when an
    /// <see cref="IClusterAuditWriter"/> is registered too (a log that can append for other silos, such as the
    /// PostgreSQL one). Without one, or without a log, nothing changes: each silo appends to its own log.
    /// </summary>
    public static IServiceCollection AddClusterAudit(this IServiceCollection services)
    {
        var log = services.LastOrDefault(service => service.ServiceType == typeof(IAuditLog) && !service.IsKeyedService);
        if (log is null || !services.Any(service => service.ServiceType == typeof(IClusterAuditWriter)))
        {
            return services;
        }

        services.RemoveAll(typeof(IAuditLog));
        services.AddSingleton<IAuditLog>(sp => new ClusterAuditLog(
            Resolve(sp, log),
            sp.GetRequiredService<ClusterViewSource>(),
            sp.GetRequiredService<IGrainFactory>));
        return services;
    }

    private static IAuditLog Resolve(IServiceProvider services, ServiceDescriptor log) => (IAuditLog)(
        log.ImplementationInstance
        ?? log.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, log.ImplementationType!));
}
