using System.Collections.Immutable;
using Beach.Actors.Cluster;
using Beach.Actors.Runtime.GrainDirectory;

namespace Beach.Actors.Runtime.Cluster;

/// <summary>
/// What one silo believes the cluster is at one moment: the active silos (in the same order on every silo), the ring
/// they form, and the membership version it came from. Immutable: membership publishes a new view for every change.
/// </summary>
internal sealed class ClusterView
{
    public ClusterView(SiloAddress self, IEnumerable<SiloAddress> active, long version)
    {
        Self = self;
        Ring = new ConsistentRing(active);
        Active = Ring.Silos;
        Version = version;
    }

    /// <summary>This silo.</summary>
    public SiloAddress Self { get; }

    /// <summary>The active silos, in a fixed order.</summary>
    public ImmutableArray<SiloAddress> Active { get; }

    /// <summary>The consistent-hash ring over <see cref="Active"/>.</summary>
    public ConsistentRing Ring { get; }

    /// <summary>The membership table version this view was built from.</summary>
    public long Version { get; }

    public bool IsActive(SiloAddress silo) => Active.Contains(silo);

    /// <summary>Silos active in <paramref name="previous"/> and not in this view.</summary>
    public IEnumerable<SiloAddress> DepartedSince(ClusterView previous) => previous.Active.Where(silo => !IsActive(silo));
}

/// <summary>The current <see cref="ClusterView"/> of a silo and the news of its changes. Membership writes it.</summary>
internal sealed class ClusterViewSource
{
    private ClusterView _current;

    public ClusterViewSource(ClusterView initial) => _current = initial;

    public ClusterView Current => Volatile.Read(ref _current);

    /// <summary>Raised after <see cref="Publish"/> with the previous and the new view, on the publishing thread.</summary>
    public event Action<ClusterView, ClusterView>? Changed;

    /// <summary>Takes a newer view; an older or equal version is ignored.</summary>
    public void Publish(ClusterView view)
    {
        ClusterView previous;
        do
        {
            previous = Current;
            if (view.Version <= previous.Version)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _current, view, previous) != previous);

        Changed?.Invoke(previous, view);
    }
}
