using Beach.Actors.Cluster;
using Beach.Actors.Invocation;
using Beach.Actors.Reminders;
using Beach.Actors.Runtime.Catalog;
using Beach.Actors.Runtime.Cluster;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Runtime.Registry;
using Beach.Actors.Runtime.Reminders;
using Beach.Actors.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Hosting;

/// <summary>Adds a silo to a .NET Generic Host.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>Adds a silo and its grain factory; <paramref name="configure"/> names grain assemblies and storage.</summary>
    public static IServiceCollection AddBeachSilo(this IServiceCollection services, Action<SiloBuilder> configure)
    {
        var registry = new GrainTypeRegistry();
        configure(new SiloBuilder(services, registry));

        services.AddOptions<SiloOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(typeof(ILogger<>), typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>));
        services.AddSingleton(registry);
        services.AddSingleton<SiloStatistics>();
        services.AddSingleton<RuntimeLog>();
        services.AddSingleton(sp => new ActivationShared(
            sp.GetRequiredService<IOptions<SiloOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp,
            sp.GetRequiredService<SiloStatistics>(),
            sp.GetRequiredService<RuntimeLog>()));
        services.AddSingleton<InFlightCalls>();
        services.AddSingleton(sp => new ActivationCatalog(sp.GetRequiredService<GrainTypeRegistry>(), sp.GetRequiredService<ActivationShared>()));
        services.AddSingleton<IMessageRouter>(sp => new LocalMessageRouter(sp.GetRequiredService<ActivationCatalog>()));
        services.AddSingleton<IGrainCallInvoker>(sp => new RuntimeClient(
            sp.GetRequiredService<IMessageRouter>(),
            sp.GetRequiredService<InFlightCalls>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<SiloOptions>>()));
        services.AddSingleton<IGrainFactory>(sp => new GrainFactory(sp.GetRequiredService<GrainTypeRegistry>(), sp.GetRequiredService<IGrainCallInvoker>()));
        services.AddSingleton<ActivationCollector>();
        services.AddSingleton(sp => new Silo(
            sp.GetRequiredService<ActivationShared>(),
            sp.GetRequiredService<ActivationCatalog>(),
            sp.GetRequiredService<IMessageRouter>(),
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<InFlightCalls>(),
            sp.GetRequiredService<ActivationCollector>(),
            sp.GetRequiredService<GrainTypeRegistry>(),
            sp.GetRequiredService<IOptions<SiloOptions>>(),
            sp.GetRequiredService<SiloStatistics>()));
        services.AddHostedService(sp => sp.GetRequiredService<Silo>());

        // Reminders start after the silo, so their first ticks find it running. Memory unless a provider registers a table.
        services.AddOptions<ReminderOptions>();
        services.TryAddSingleton<IReminderTable, InMemoryReminderTable>();
        services.AddSingleton(sp =>
        {
            var reminders = new ReminderService(
                sp.GetRequiredService<IReminderTable>(),
                sp.GetRequiredService<IMessageRouter>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IOptions<ReminderOptions>>(),
                sp.GetRequiredService<IOptions<SiloOptions>>(),
                sp.GetRequiredService<ILogger<ReminderService>>());

            // In a cluster the silo arms only the reminders of its ring ranges, from its first view on; the views keep
            // the range keeper alive through their Changed event.
            if (sp.GetService<ClusterViewSource>() is { } views)
            {
                _ = new ClusterReminderRanges(views, reminders, sp.GetRequiredService<ILogger<ClusterReminderRanges>>());
                reminders.UseNotifier(new ClusterReminderNotifier(views, sp.GetRequiredService<IRemoteReminders>()));
            }

            return reminders;
        });
        services.AddSingleton<IReminderRegistry>(sp => sp.GetRequiredService<ReminderService>());
        services.AddHostedService(sp => sp.GetRequiredService<ReminderService>());
        services.AddBeachStreams();
        return services;
    }
}
