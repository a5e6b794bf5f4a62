using Beach.Actors.Audit;
using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Audit.Cluster;

/// <summary>
/// What a silo asks of a tenant's audit home: append this for me. One system grain per silo, keyed by the silo's
/// address (<see cref="AuditHomeGrain.TYPE"/>).
/// </summary>
internal interface IAuditHomeGrain : IGrainWithStringKey
{
    /// <summary>Appends <paramref name="entry"/>, decided on <paramref name="origin"/>, and completes once it is durable.</summary>
    Task<AuditRecord> Append(AuditEntry entry, SiloAddress origin);
}
