using Beach.Actors.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Catalog;

/// <summary>
/// Deactivates activations that nothing touched for <see cref="SiloOptions.CollectionAge"/>. It looks every
/// <see cref="SiloOptions.CollectionQuantum"/>, on the injected clock, so tests move time instead of sleeping.
/// </summary>
internal sealed class ActivationCollector : IDisposable
{
    private readonly ActivationCatalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly RuntimeLog _log;
    private readonly long _ageTicks;
    private readonly ITimer _timer;

    public ActivationCollector(ActivationCatalog catalog, TimeProvider timeProvider, IOptions<SiloOptions> options, RuntimeLog log)
    {
        _catalog = catalog;
        _timeProvider = timeProvider;
        _log = log;
        _ageTicks = (long)(options.Value.CollectionAge.TotalSeconds * timeProvider.TimestampFrequency);
        var quantum = options.Value.CollectionQuantum;
        _timer = timeProvider.CreateTimer(static state => ((ActivationCollector)state!).Collect(), this, quantum, quantum);
    }

    public int Collect()
    {
        var idleSince = _timeProvider.GetTimestamp() - _ageTicks;
        var count = 0;
        foreach (var activation in _catalog.Activations)
        {
            if (activation.TryCollectIfIdle(idleSince))
            {
                count++;
            }
        }

        if (count > 0)
        {
            _log.Collecting(count);
        }

        return count;
    }

    public void Dispose() => _timer.Dispose();
}
