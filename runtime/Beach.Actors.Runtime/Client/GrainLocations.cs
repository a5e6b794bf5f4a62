using System.Collections.Concurrent;
using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Client;

/// <summary>
/// Where a cluster client last saw each grain's calls run, so it sends the next ones to that silo itself instead of
/// through a gateway that would pass them on. It is advice, never truth: a silo that no longer hosts the grain passes
/// the call on as any gateway does, and its answer names the silo that ran it. Bounded: when full it forgets every
/// grain and learns again from the next answers.
/// </summary>
internal sealed class GrainLocations(int capacity)
{
    /// <summary>Enough for every grain a gateway process calls in a busy minute; about 100 bytes an entry.</summary>
    public const int DEFAULT_CAPACITY = 100_000;

    private readonly ConcurrentDictionary<GrainId, SiloAddress> _silos = new();

    public int Count => _silos.Count;

    public bool TryGet(GrainId grain, out SiloAddress silo) => _silos.TryGetValue(grain, out silo);

    public void Learn(GrainId grain, SiloAddress silo)
    {
        if (_silos.TryGetValue(grain, out var known) && known == silo)
        {
            return;
        }

        if (_silos.Count >= capacity)
        {
            _silos.Clear();
        }

        _silos[grain] = silo;
    }

    /// <summary>Forgets the grains seen on <paramref name="silo"/>: it is gone, or no longer a gateway.</summary>
    public void Forget(SiloAddress silo)
    {
        foreach (var (grain, known) in _silos)
        {
            if (known == silo)
            {
                _silos.TryRemove(new KeyValuePair<GrainId, SiloAddress>(grain, known));
            }
        }
    }
}
