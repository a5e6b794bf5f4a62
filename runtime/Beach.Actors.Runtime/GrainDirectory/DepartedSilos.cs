using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.GrainDirectory;

/// <summary>
/// The silos this silo has seen leave the cluster, newest <see cref="CAPACITY"/> kept. A silo address carries its
/// generation, so a departed address never becomes active again. When full, the oldest departure is forgotten: by
/// then no handoff still in flight can name it. Thread-safe.
/// </summary>
internal sealed class DepartedSilos
{
    public const int CAPACITY = 1_024;

    private readonly Lock _lock = new();
    private readonly HashSet<SiloAddress> _silos = [];
    private readonly Queue<SiloAddress> _order = new();

    public void Add(SiloAddress silo)
    {
        lock (_lock)
        {
            if (!_silos.Add(silo))
            {
                return;
            }

            _order.Enqueue(silo);
            if (_order.Count > CAPACITY)
            {
                _silos.Remove(_order.Dequeue());
            }
        }
    }

    public bool Contains(SiloAddress silo)
    {
        lock (_lock)
        {
            return _silos.Contains(silo);
        }
    }
}
