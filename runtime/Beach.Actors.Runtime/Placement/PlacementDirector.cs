using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Audit.Cluster;
using Beach.Actors.Runtime.GrainDirectory;

namespace Beach.Actors.Runtime.Placement;

/// <summary>
/// Chooses the silo for a grain that has no activation, by the grain class's <see cref="PlacementKind"/>.
/// Only active silos that host grains are candidates; the caller may be a silo or a client.
/// </summary>
internal sealed class PlacementDirector(Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    /// <summary>The silo to activate <paramref name="grain"/> on.</summary>
    /// <param name="grain">The grain to place.</param>
    /// <param name="kind">Its class's placement.</param>
    /// <param name="caller">The silo the call comes from, or null for a client.</param>
    /// <param name="candidates">The active silos that host grains, in the same order on every silo.</param>
    /// <param name="ring">The ring of active silos that tenants' audit homes fall on; needed by <see cref="PlacementKind.TenantAuditHome"/> only.</param>
    /// <exception cref="InvalidOperationException">There is no candidate.</exception>
    public SiloAddress Choose(GrainId grain, PlacementKind kind, SiloAddress? caller, IReadOnlyList<SiloAddress> candidates, ConsistentRing? ring = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
        {
            throw new InvalidOperationException($"No active silo can host {grain}: the cluster has no active silo.");
        }

        switch (kind)
        {
            case PlacementKind.PreferLocal when caller is { } local && Contains(candidates, local):
                return local;
            case PlacementKind.HashBased:
                return candidates[(int)(grain.GetUniformHashCode() % (uint)candidates.Count)];
            case PlacementKind.TenantAuditHome when ring is not null && AuditHomeOf(grain, ring) is { } home && Contains(candidates, home):
                return home;
            default:
                return candidates[_random.Next(candidates.Count)];
        }
    }

    /// <summary>The audit home of the tenant <paramref name="grain"/>'s key starts with, or null for a key without one.</summary>
    private static SiloAddress? AuditHomeOf(GrainId grain, ConsistentRing ring)
    {
        var key = grain.Key ?? ""; // a default id has a null key
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 ? null : ClusterAuditLog.HomeOf(ring, key[..slash]);
    }

    private static bool Contains(IReadOnlyList<SiloAddress> candidates, SiloAddress silo)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i] == silo)
            {
                return true;
            }
        }

        return false;
    }
}
