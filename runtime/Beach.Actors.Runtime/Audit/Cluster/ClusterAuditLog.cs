using Beach.Actors.Audit;
using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Cluster;
using Beach.Actors.Runtime.GrainDirectory;

namespace Beach.Actors.Runtime.Audit.Cluster;

/// <summary>
/// A silo's audit log in a cluster: every tenant's appends go to one silo, the tenant's audit home (the owner of the
/// tenant on the consistent-hash ring of active silos, as this silo sees it), whose writer commits them, fenced on
/// the silo they came from. One writer per tenant batches what all silos append for it, and the tenant's chain head is
/// not locked by three writers in turn. Reads, and appends whose home is this silo, go to the local log.
/// </summary>
/// <remarks>
/// The routing is for speed, not for safety: while silos' views differ, two silos may write one tenant, and the log's
/// own locking keeps its chain linear then as always. An append whose home cannot be reached fails as any call to an
/// unreachable silo does (the caller does not know whether it was written), and is not retried here: only the caller
/// knows whether writing it twice is harmless.
/// </remarks>
internal sealed class ClusterAuditLog(IAuditLog local, ClusterViewSource views, Func<IGrainFactory> grains) : IAuditLog
{
    /// <summary>Where a tenant falls on the ring: a hash apart from any grain's and any stream's.</summary>
    public static uint PositionOf(string tenant) => new GrainId(AuditHomeGrain.TYPE, tenant).GetUniformHashCode();

    /// <summary>The tenant's audit home on <paramref name="ring"/>, or null on an empty ring.</summary>
    public static SiloAddress? HomeOf(ConsistentRing ring, string tenant) => ring.IsEmpty ? null : ring.OwnerOf(PositionOf(tenant));

    public ValueTask<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var view = views.Current;
        if (entry.Tenant is null || HomeOf(view.Ring, entry.Tenant) is not { } home || home == view.Self)
        {
            return local.AppendAsync(entry, cancellationToken);
        }

        return new ValueTask<AuditRecord>(grains().GetGrain<IAuditHomeGrain>(home.ToString()).Append(entry, view.Self).WaitAsync(cancellationToken));
    }

    public Task<IReadOnlyList<AuditRecord>> ReadStreamAsync(string tenant, string stream, long afterSeq, int limit, CancellationToken cancellationToken = default)
        => local.ReadStreamAsync(tenant, stream, afterSeq, limit, cancellationToken);

    public Task<AuditRecord?> ReadLastAsync(string tenant, string stream, CancellationToken cancellationToken = default)
        => local.ReadLastAsync(tenant, stream, cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
        => local.QueryAsync(query, cancellationToken);
}
