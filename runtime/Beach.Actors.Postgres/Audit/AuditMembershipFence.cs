using Beach.Actors.Cluster;
using Beach.Actors.Postgres.Membership;
using Beach.Actors.Postgres.Sql;
using Npgsql;

namespace Beach.Actors.Postgres.Audit;

/// <summary>
/// Keeps a silo the cluster declared dead from appending to the audit log. Each commit batch reads the writer's own
/// membership row with a share lock inside its transaction, before inserting; the Dead write needs a conflicting lock
/// on that row, so either the batch commits first (and its appends were in before the silo died) or the batch reads
/// Dead and inserts nothing. One statement per batch, sent in the batch's first round trip.
/// </summary>
/// <remarks>
/// A missing row fences too: a silo appends only once it has joined (its row exists from then on), and a dead silo's
/// row is what defunct-row cleanup deletes, so a silo without a row is one the cluster no longer counts on.
/// </remarks>
internal sealed class AuditMembershipFence(string clusterId, SiloAddress silo)
{
    public SiloAddress Silo { get; } = silo;

    /// <summary>The statement that locks and reads the row: one result of zero or one row (the status).</summary>
    public NpgsqlBatchCommand Command() => Positional.Command(MembershipSql.LockStatus,
        Positional.Value(clusterId),
        Positional.Value(Silo.Host),
        Positional.Value(Silo.Port),
        Positional.Value(Silo.Generation));

    /// <summary>
    /// Reads the result of <see cref="Command"/> at the reader's current result and returns why the batch may not
    /// append, or null when it may.
    /// </summary>
    public async Task<SiloUnavailableException?> ReadAsync(NpgsqlDataReader reader)
    {
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            return new SiloUnavailableException(
                $"Silo {Silo} has no membership row (it has not joined, or it was declared dead and its row removed): its audit appends are refused.");
        }

        var status = reader.GetString(0);
        return status == nameof(SiloStatus.Dead)
            ? new SiloUnavailableException($"Silo {Silo} was declared dead by the cluster: its audit appends are refused.")
            : null;
    }
}
