using Beach.Actors.Audit;
using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Cluster;

namespace Beach.Actors.Runtime.Audit.Cluster;

/// <summary>
/// A silo's <see cref="IAuditHomeGrain"/>: hands the appends other silos send it to this silo's writer, fenced on the
/// silo that sent them. Reentrant: appends wait for their commit side by side, which is what lets the writer batch them.
/// </summary>
[Reentrant]
[GrainType(TYPE)]
internal sealed class AuditHomeGrain(IClusterAuditWriter writer) : Grain, IAuditHomeGrain
{
    public const string TYPE = SystemTargets.PREFIX + "audit-home";

    public Task<AuditRecord> Append(AuditEntry entry, SiloAddress origin) => writer.AppendForAsync(origin, entry).AsTask();
}
