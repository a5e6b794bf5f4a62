using System.Collections.Immutable;
using Beach.Actors.Cluster;
using Beach.Actors.Runtime.GrainDirectory;

namespace Beach.Actors.Runtime.Client;

/// <summary>
/// The silos a client may send its calls to: the active members of the membership table that take clients, as the
/// client last read them. Immutable snapshots: a refresh publishes a new list.
/// </summary>
internal sealed class GatewayList(IMembershipTable table)
{
    private ImmutableArray<SiloAddress> _gateways = [];
    private ConsistentRing _silos = new([]);
    private ImmutableDictionary<SiloAddress, SiloAddress> _gatewayOf = ImmutableDictionary<SiloAddress, SiloAddress>.Empty;

    public ImmutableArray<SiloAddress> Current => ImmutableInterlocked.InterlockedCompareExchange(ref _gateways, _gateways, _gateways);

    /// <summary>
    /// The ring of every active silo (by its silo address, gateway or not), as the silos build it: where the client
    /// finds the home of a stream.
    /// </summary>
    public ConsistentRing Silos => Volatile.Read(ref _silos);

    /// <summary>The gateway address of <paramref name="silo"/> (named by its silo-to-silo address), if it takes clients.</summary>
    public SiloAddress? GatewayOf(SiloAddress silo) => Volatile.Read(ref _gatewayOf).TryGetValue(silo, out var gateway) ? gateway : null;

    /// <summary>Raised after a refresh that changed the list.</summary>
    public event Action<ImmutableArray<SiloAddress>>? Changed;

    /// <summary>Raised after a refresh that changed the active silos.</summary>
    public event Action? SilosChanged;

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var data = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var gatewayOf = data.Rows
            .Where(row => row.Entry.Status == SiloStatus.Active && row.Entry.GatewayPort > 0)
            .ToImmutableDictionary(row => row.Entry.Silo, row => row.Entry.Silo with { Port = row.Entry.GatewayPort });
        var gateways = gatewayOf.Values.OrderBy(address => address.ToString(), StringComparer.Ordinal).ToImmutableArray();
        Volatile.Write(ref _gatewayOf, gatewayOf);
        var silos = new ConsistentRing(data.Rows.Where(row => row.Entry.Status == SiloStatus.Active).Select(row => row.Entry.Silo));
        if (!Silos.Silos.SequenceEqual(silos.Silos))
        {
            Volatile.Write(ref _silos, silos);
            SilosChanged?.Invoke();
        }

        var previous = ImmutableInterlocked.InterlockedExchange(ref _gateways, gateways);
        if (!previous.SequenceEqual(gateways))
        {
            Changed?.Invoke(gateways);
        }
    }
}
