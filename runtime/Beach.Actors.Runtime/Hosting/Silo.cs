using System.Diagnostics;
using Beach.Actors.Runtime.Catalog;
using Beach.Actors.Runtime.Cluster;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Runtime.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Hosting;

/// <summary>
/// A silo's lifetime on the Generic Host: wires the runtime at start; at stop, deactivates every grain activation
/// (so what must survive is written) within <see cref="SiloOptions.ShutdownTimeout"/>.
/// </summary>
public sealed class Silo : IHostedService, IDisposable
{
    private const int SHUTDOWN_POLL_MILLISECONDS = 10;

    private readonly ActivationShared _shared;
    private readonly ActivationCatalog _catalog;
    private readonly InFlightCalls _inFlight;
    private readonly ActivationCollector _collector;
    private readonly GrainTypeRegistry _registry;
    private readonly SiloOptions _options;

    internal Silo(
        ActivationShared shared,
        ActivationCatalog catalog,
        IMessageRouter router,
        IGrainFactory grainFactory,
        InFlightCalls inFlight,
        ActivationCollector collector,
        GrainTypeRegistry registry,
        IOptions<SiloOptions> options,
        SiloStatistics statistics)
    {
        _shared = shared;
        _catalog = catalog;
        _inFlight = inFlight;
        _collector = collector;
        _registry = registry;
        _options = options.Value;
        Statistics = statistics;
        shared.Catalog = catalog;
        shared.Router = router;
        shared.GrainFactory = grainFactory;
        shared.Directory = shared.Services.GetService<GrainDirectory.IActivationDirectory>() ?? GrainDirectory.LocalActivationDirectory.Instance;
    }

    /// <summary>The silo's activation counters.</summary>
    public SiloStatistics Statistics { get; }

    /// <summary>Activations in the catalog now.</summary>
    public int ActivationCount => _catalog.Count;

    /// <summary>Looks for idle activations now instead of at the next collection quantum.</summary>
    public int CollectIdleActivations() => _collector.Collect();

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _shared.Log.SiloStarted(_registry.GrainClasses.Count());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _collector.Dispose();
        _shared.Log.SiloStopping(GrainActivations().Count);

        // Shutdown waits in real time, whatever clock the grains use: a test clock must not hold the host open.
        // Each round asks again: requests still queued at a deactivating activation go to a new one, which must go too.
        // System targets stay: they are the silo's own services (an audit home commits other silos' appends), which the
        // others call until they hear that this silo leaves, and which keep no state. Waiting for them to go would wait
        // out the timeout whenever the others go on calling, as they do under load.
        var started = Stopwatch.GetTimestamp();
        var left = GrainActivations();
        while (left.Count > 0 && Stopwatch.GetElapsedTime(started) < _options.ShutdownTimeout && !cancellationToken.IsCancellationRequested)
        {
            foreach (var activation in left)
            {
                activation.Deactivate(DeactivationReason.ShuttingDown);
            }

            await Task.Delay(SHUTDOWN_POLL_MILLISECONDS, CancellationToken.None);
            left = GrainActivations();
        }

        if (left.Count > 0)
        {
            _shared.Log.ShutdownTimedOut(left.Count, string.Join(", ", left.Take(10).Select(activation => activation.Describe())));
        }
    }

    /// <summary>The activations of grains, not of the silo's system targets.</summary>
    private List<ActivationData> GrainActivations() => _catalog.Activations.Where(activation => !SystemTargets.IsSystem(activation.GrainId)).ToList();

    /// <inheritdoc />
    public void Dispose()
    {
        _collector.Dispose();
        _inFlight.Dispose();
    }
}
