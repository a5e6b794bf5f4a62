using System.Collections.Concurrent;
using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Membership;

namespace Beach.Actors.Runtime.Tests.Membership;

/// <summary>
/// Who answers whose probes, as the test decides. A killed silo answers nobody; a cut-off silo answers nobody and
/// reaches nobody. A probe that does not get through fails at once with a <see cref="TimeoutException"/> instead of
/// waiting out its timeout: membership counts a missed probe either way, and the manual clock stays the test's.
/// </summary>
internal sealed class ProbeNetwork
{
    private readonly ConcurrentDictionary<SiloAddress, byte> _killed = new();
    private readonly ConcurrentDictionary<SiloAddress, byte> _cutOff = new();
    private readonly ConcurrentDictionary<(SiloAddress From, SiloAddress To), byte> _blocked = new();

    public ISiloProber ProberFor(SiloAddress self) => new Prober(this, self);

    /// <summary>The silo stops answering probes.</summary>
    public void Kill(SiloAddress silo) => _killed[silo] = 0;

    /// <summary>No probe reaches the silo and none of its probes reaches anyone.</summary>
    public void CutOff(SiloAddress silo) => _cutOff[silo] = 0;

    /// <summary>Probes from <paramref name="from"/> to <paramref name="to"/> fail; every other path still works.</summary>
    public void Block(SiloAddress from, SiloAddress to) => _blocked[(from, to)] = 0;

    /// <summary>The silo answers again.</summary>
    public void Heal(SiloAddress silo)
    {
        _killed.TryRemove(silo, out _);
        _cutOff.TryRemove(silo, out _);
    }

    private bool Reaches(SiloAddress from, SiloAddress to) =>
        !_killed.ContainsKey(to) && !_cutOff.ContainsKey(to) && !_cutOff.ContainsKey(from) && !_blocked.ContainsKey((from, to));

    private sealed class Prober(ProbeNetwork network, SiloAddress self) : ISiloProber
    {
        public Task ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken) =>
            network.Reaches(self, target)
                ? Task.CompletedTask
                : Task.FromException(new TimeoutException($"{target} did not answer {self} within {timeout}."));
    }
}
