using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Audit.Cluster;
using Beach.Actors.Runtime.Client;
using Beach.Actors.Runtime.Cluster;
using Beach.Actors.Runtime.GrainDirectory;
using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Streams.Cluster;

/// <summary>
/// Where a stream is homed: the silo that owns the stream's position (<see cref="StreamRingPosition"/>) on the
/// consistent-hash ring of active silos, as this
/// process sees the ring. The home keeps the stream's sequence and retention; every other process forwards to it and
/// pulls from it. When membership changes, a stream whose owner changed is homed anew (a new epoch).
/// </summary>
internal interface IStreamHomeLocator
{
    /// <summary>This process (a silo, or a cluster client's own address).</summary>
    SiloAddress Self { get; }

    /// <summary>The home of <paramref name="stream"/>, or null while no silo is known.</summary>
    SiloAddress? HomeOf(StreamId stream);

    /// <summary>Raised when the ring may have changed.</summary>
    event Action? Changed;
}

/// <summary>
/// Where a stream's id falls on the ring. A stream whose key starts with a tenant (<c>tenant/…</c>, as a session's
/// events do) falls where the tenant does, so it is homed on the tenant's audit home: the silo that
/// <see cref="PlacementKind.TenantAuditHome"/> places the tenant's grains on, which then publish without leaving it.
/// Any other stream falls by a hash of its whole id, apart from any grain's.
/// </summary>
internal static class StreamRingPosition
{
    public const string GRAIN_TYPE = "stream-home";

    public static uint Of(StreamId stream)
    {
        // A default id has a null key; it falls by its hash like any other id without a tenant.
        var key = stream.Key ?? "";
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            ? ClusterAuditLog.PositionOf(key[..slash])
            : new GrainId(GRAIN_TYPE, stream.ToString()).GetUniformHashCode();
    }

    public static SiloAddress? OwnerOn(ConsistentRing ring, StreamId stream) => ring.IsEmpty ? null : ring.OwnerOf(Of(stream));
}

/// <summary>A silo's locator: its membership view's ring.</summary>
internal sealed class SiloStreamHomeLocator : IStreamHomeLocator
{
    private readonly ClusterViewSource _views;

    public SiloStreamHomeLocator(ClusterViewSource views)
    {
        _views = views;
        views.Changed += (_, _) => Changed?.Invoke();
    }

    public SiloAddress Self => _views.Current.Self;

    public event Action? Changed;

    public SiloAddress? HomeOf(StreamId stream) => StreamRingPosition.OwnerOn(_views.Current.Ring, stream);
}

/// <summary>A cluster client's locator: the ring of the active silos in the membership table, as last read.</summary>
internal sealed class ClientStreamHomeLocator : IStreamHomeLocator
{
    private readonly GatewayList _gateways;

    public ClientStreamHomeLocator(GatewayList gateways, GatewayConnections connections)
    {
        _gateways = gateways;
        Self = connections.Self;
        gateways.SilosChanged += () => Changed?.Invoke();
    }

    public SiloAddress Self { get; }

    public event Action? Changed;

    public SiloAddress? HomeOf(StreamId stream) => StreamRingPosition.OwnerOn(_gateways.Silos, stream);
}
