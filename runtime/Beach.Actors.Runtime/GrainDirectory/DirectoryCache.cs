using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.GrainDirectory;

/// <summary>
/// What this silo remembers of where grains live, so that most calls to remote grains skip the directory lookup.
/// Bounded: at <see cref="Capacity"/> entries, the least recently used entry goes. Entries on a silo that leaves or
/// dies are dropped with <see cref="RemoveSilo"/>; an entry found wrong by a call (the activation is gone) is dropped
/// with <see cref="Invalidate"/>. Thread-safe.
/// </summary>
internal sealed class DirectoryCache
{
    /// <summary>The default bound: 100,000 entries, about 10 MB.</summary>
    public const int DEFAULT_CAPACITY = 100_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<GrainId, LinkedListNode<ActivationAddress>> _entries = [];
    private readonly LinkedList<ActivationAddress> _recency = new();

    /// <summary>A cache holding at most <paramref name="capacity"/> entries.</summary>
    public DirectoryCache(int capacity = DEFAULT_CAPACITY)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The most entries it holds.</summary>
    public int Capacity { get; }

    /// <summary>How many entries it holds.</summary>
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

    /// <summary>The cached activation of <paramref name="grain"/>, marking it recently used.</summary>
    public bool TryGet(GrainId grain, out ActivationAddress address)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(grain, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                address = node.Value;
                return true;
            }
        }

        address = default;
        return false;
    }

    /// <summary>Remembers <paramref name="address"/>, evicting the least recently used entry when full.</summary>
    public void Put(ActivationAddress address)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(address.Grain, out var node))
            {
                node.Value = address;
                _recency.Remove(node);
                _recency.AddFirst(node);
                return;
            }

            if (_entries.Count == Capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Grain);
            }

            _entries[address.Grain] = _recency.AddFirst(address);
        }
    }

    /// <summary>Drops the entry if it is still <paramref name="address"/>.</summary>
    public void Invalidate(ActivationAddress address)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(address.Grain, out var node) && node.Value == address)
            {
                _entries.Remove(address.Grain);
                _recency.Remove(node);
            }
        }
    }

    /// <summary>Drops every entry on <paramref name="silo"/>.</summary>
    /// <returns>How many were dropped.</returns>
    public int RemoveSilo(SiloAddress silo)
    {
        lock (_lock)
        {
            var removed = 0;
            for (var node = _recency.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.Silo == silo)
                {
                    _entries.Remove(node.Value.Grain);
                    _recency.Remove(node);
                    removed++;
                }

                node = next;
            }

            return removed;
        }
    }
}
