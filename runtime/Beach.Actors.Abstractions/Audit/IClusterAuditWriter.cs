using Beach.Actors.Cluster;

namespace Beach.Actors.Audit;

/// <summary>
/// An audit log that a silo can append to on behalf of another silo of its cluster. A cluster routes every tenant's
/// appends to one silo (the tenant's audit home), so that one writer batches them all and the tenant's chain head is
/// not fought over; the home appends each with the silo it came from.
/// </summary>
public interface IClusterAuditWriter
{
    /// <summary>
    /// Appends <paramref name="entry"/> for <paramref name="origin"/>, the silo whose grain decided it, as
    /// <see cref="IAuditLog.AppendAsync"/> does, and fails with <see cref="SiloUnavailableException"/> instead when
    /// the cluster has declared that silo dead: what a cut-off silo decided after that is never recorded.
    /// </summary>
    ValueTask<AuditRecord> AppendForAsync(SiloAddress origin, AuditEntry entry, CancellationToken cancellationToken = default);
}
