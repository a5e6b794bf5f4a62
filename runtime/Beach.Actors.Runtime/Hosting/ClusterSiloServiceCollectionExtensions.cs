using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Audit.Cluster;
using Beach.Actors.Runtime.Cluster;
using Beach.Actors.Runtime.GrainDirectory;
using Beach.Actors.Runtime.Membership;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Runtime.Messaging.Wire;
using Beach.Actors.Runtime.Registry;
using Beach.Actors.Runtime.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Hosting;

/// <summary>Makes a silo a member of a cluster.</summary>
public static class ClusterSiloServiceCollectionExtensions
{
    /// <summary>
    /// Joins the silo added by <see cref="SiloServiceCollectionExtensions.AddBeachSilo"/> to a cluster: a TCP port for
    /// other silos (<see cref="SiloTransportOptions"/>), membership over the registered <see cref="IMembershipTable"/>
    /// (<see cref="MembershipOptions"/>), and the cluster's directory, placement and routing. Call after AddBeachSilo
    /// and after the audit log's registration: when that log can append for other silos (an
    /// <see cref="Beach.Actors.Audit.IClusterAuditWriter"/>), each tenant's appends go to the tenant's audit home.
    /// A silo that reads itself dead stops serving at once and stops its host.
    /// </summary>
    public static IServiceCollection AddBeachCluster(this IServiceCollection services, Action<ClusterSiloOptions>? configure = null)
    {
        var options = services.AddOptions<ClusterSiloOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddOptions<SiloTransportOptions>();
        services.AddOptions<MembershipOptions>();
        services.AddSingleton<SiloEndpoint>();
        services.AddSingleton(sp => ILocalSilo.Of(sp.GetRequiredService<SiloEndpoint>().Address));
        services.AddSingleton(sp => new ClusterViewSource(new ClusterView(sp.GetRequiredService<SiloEndpoint>().Address, [], 0)));
        services.AddSingleton(sp => new MessageCodec(sp.GetRequiredService<GrainTypeRegistry>()));
        services.AddSingleton<TransportLog>();
        services.AddSingleton(sp => new SiloConnectionManager(
            sp.GetRequiredService<SiloEndpoint>(),
            sp.GetRequiredService<IOptions<SiloTransportOptions>>(),
            sp.GetRequiredService<IOptions<SiloOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<MessageCodec>(),
            sp.GetRequiredService<ClusterMessageRouter>,
            sp.GetRequiredService<ClusterViewSource>(),
            sp.GetRequiredService<TransportLog>()));
        services.AddSingleton<ISiloMessageSender>(sp => sp.GetRequiredService<SiloConnectionManager>());
        services.AddClusterRouting();
        services.AddClusterAudit();
        services.AddSingleton(sp =>
        {
            var silo = sp.GetRequiredService<IOptions<ClusterSiloOptions>>().Value;
            var lifetime = sp.GetRequiredService<IHostApplicationLifetime>();
            var connections = sp.GetRequiredService<SiloConnectionManager>();
            return new MembershipService(
                new LocalSiloDetails(sp.GetRequiredService<SiloEndpoint>().Address, silo.SiloName, silo.AcceptClients ? sp.GetRequiredService<SiloEndpoint>().Address.Port : 0),
                sp.GetRequiredService<IMembershipTable>(),
                new TransportProber(connections),
                sp.GetRequiredService<ClusterViewSource>(),
                sp.GetRequiredService<IOptions<MembershipOptions>>().Value,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<MembershipService>>(),
                _ =>
                {
                    // Read itself dead: stop serving now (the others already moved its grains), then stop the process.
                    sp.GetRequiredService<ClusterMessageRouter>().Halt();
                    connections.Isolate();
                    lifetime.StopApplication();
                });
        });
        services.Replace(ServiceDescriptor.Singleton<IClusterViewRefresher>(sp => sp.GetRequiredService<MembershipService>()));
        services.AddHostedService(sp => new ClusterLifecycle(
            sp.GetRequiredService<SiloConnectionManager>(),
            sp.GetRequiredService<MembershipService>(),
            sp.GetRequiredService<ClusterMessageRouter>(),
            sp.GetRequiredService<DistributedGrainDirectory>(),
            new ClusterAnnouncer(
                sp.GetRequiredService<ClusterViewSource>(),
                sp.GetRequiredService<SiloControlClient>(),
                sp.GetRequiredService<IOptions<MembershipOptions>>().Value.AnnounceTimeout,
                sp.GetRequiredService<ILogger<ClusterAnnouncer>>()),
            sp.GetRequiredService<Silo>(),
            sp.GetRequiredService<RuntimeLog>()));
        return services;
    }
}
