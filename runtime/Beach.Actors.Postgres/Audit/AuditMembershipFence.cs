using Beach.Actors.Cluster;
using Beach.Actors.Postgres.Sql;
using Npgsql;

namespace Beach.Actors.Postgres.Audit;

/// <summary>
/// Keeps a silo the cluster declared dead from appending to the audit log, itself or through another silo's writer.
/// Each commit batch starts with <c>beach_audit_fence_silos</c> (migration 0007) for every silo its appends came from
/// (the writer's own, and those that sent theirs to this silo as their tenant's audit home), which takes a share lock
/// on each of those silos' membership rows inside the batch's transaction, before anything is inserted; the Dead write needs a
/// conflicting lock on that row, so either the batch commits first (and its appends were in before the silo died) or
/// the fence reads Dead and raises, which aborts the whole batch.
/// </summary>
/// <remarks>
/// A missing row fences too: a silo appends only once it has joined (its row exists from then on), and a dead silo's
/// row is what defunct-row cleanup deletes, so a silo without a row is one the cluster no longer counts on.
/// </remarks>
internal sealed class AuditMembershipFence(string clusterId, SiloAddress silo)
{
    /// <summary>The SQLSTATEs <c>beach_audit_fence_silos</c> raises: the silo is dead, or its row is missing.</summary>
    public const string DEAD_SQLSTATE = "BEA01";

    /// <inheritdoc cref="DEAD_SQLSTATE"/>
    public const string MISSING_SQLSTATE = "BEA02";

    private const string Check = "SELECT beach_audit_fence_silos($1, $2, $3, $4)";

    public SiloAddress Silo { get; } = silo;

    /// <summary>
    /// The command a batch starts with: one result of one row when every silo in <paramref name="origins"/> (null: the
    /// writer's own) may append; raises when one may not.
    /// </summary>
    public NpgsqlBatchCommand Command(IEnumerable<SiloAddress?> origins)
    {
        // The function counts a silo named twice once (the writer's own, as null and by address).
        var silos = origins.Select(origin => origin ?? Silo).ToList();
        return Positional.Command(Check,
            Positional.Value(clusterId),
            Positional.Value(silos.Select(silo => silo.Host).ToArray()),
            Positional.Value(silos.Select(silo => silo.Port).ToArray()),
            Positional.Value(silos.Select(silo => silo.Generation).ToArray()));
    }

    /// <summary>
    /// Why <paramref name="origin"/>'s appends may not be written, when <paramref name="error"/> is the fence's
    /// refusal; otherwise null. Only a batch fenced on one silo knows it was that silo.
    /// </summary>
    public SiloUnavailableException? Refusal(PostgresException error, SiloAddress? origin)
    {
        var silo = origin ?? Silo;
        return error.SqlState switch
        {
            DEAD_SQLSTATE => new SiloUnavailableException($"Silo {silo} was declared dead by the cluster: its audit appends are refused."),
            MISSING_SQLSTATE => new SiloUnavailableException(
                $"Silo {silo} has no membership row (it has not joined, or it was declared dead and its row removed): its audit appends are refused."),
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="error"/> is the fence's refusal of one of the batch's silos.</summary>
    public static bool IsRefusal(PostgresException error) => error.SqlState is DEAD_SQLSTATE or MISSING_SQLSTATE;
}
