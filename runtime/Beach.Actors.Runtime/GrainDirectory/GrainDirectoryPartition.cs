using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.GrainDirectory;

/// <summary>
/// The part of the grain directory one silo owns: for each grain id whose ring owner is this silo, the one activation
/// the cluster uses. Registration is first-wins, which is what keeps one activation per id: a silo that loses the race
/// is told the winner and forwards its call there. Thread-safe.
/// </summary>
internal sealed class GrainDirectoryPartition
{
    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, ActivationAddress> _entries = [];

    /// <summary>How many grains the partition knows.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// Registers <paramref name="address"/> unless the grain already has an activation; returns the one that counts.
    /// An existing entry that <paramref name="isStale"/> rejects (its silo is gone, say) is replaced, not kept.
    /// </summary>
    public ActivationAddress Register(ActivationAddress address, Func<ActivationAddress, bool>? isStale = null)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(address.Grain, out var existing) && (isStale is null || !isStale(existing)))
            {
                return existing;
            }

            _entries[address.Grain] = address;
            return address;
        }
    }

    /// <summary>The grain's activation, if it has one.</summary>
    public ActivationAddress? Lookup(GrainId grain)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(grain, out var address) ? address : null;
        }
    }

    /// <summary>Removes the entry if it is still <paramref name="address"/>; a newer activation's entry stays.</summary>
    /// <returns>Whether it was removed.</returns>
    public bool Unregister(ActivationAddress address)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(address.Grain, out var existing) && existing == address && _entries.Remove(address.Grain);
        }
    }

    /// <summary>Forgets every activation on <paramref name="silo"/>: they died with it.</summary>
    /// <returns>How many entries were removed.</returns>
    public int RemoveSilo(SiloAddress silo)
    {
        lock (_lock)
        {
            var gone = _entries.Where(entry => entry.Value.Silo == silo).Select(entry => entry.Key).ToList();
            foreach (var grain in gone)
            {
                _entries.Remove(grain);
            }

            return gone.Count;
        }
    }

    /// <summary>
    /// Takes out the entries this silo no longer owns under <paramref name="ring"/>, so that they can be handed to
    /// their new owner.
    /// </summary>
    public IReadOnlyList<ActivationAddress> SplitOff(ConsistentRing ring, SiloAddress self)
    {
        ArgumentNullException.ThrowIfNull(ring);
        lock (_lock)
        {
            var moving = _entries.Values.Where(address => ring.OwnerOf(address.Grain) != self).ToList();
            foreach (var address in moving)
            {
                _entries.Remove(address.Grain);
            }

            return moving;
        }
    }

    /// <summary>
    /// Takes entries handed over by a silo that no longer owns them; an entry already here wins (it was registered
    /// by a silo that routed by the newer view).
    /// </summary>
    /// <returns>The handed-over entries that lost to another activation of their grain: those activations must go.</returns>
    public List<ActivationAddress> Merge(IEnumerable<ActivationAddress> handedOver)
    {
        ArgumentNullException.ThrowIfNull(handedOver);
        var lost = new List<ActivationAddress>();
        lock (_lock)
        {
            foreach (var address in handedOver)
            {
                if (!_entries.TryAdd(address.Grain, address) && _entries[address.Grain] != address)
                {
                    lost.Add(address);
                }
            }
        }

        return lost;
    }
}
