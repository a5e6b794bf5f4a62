using Beach.Actors.Audit;
using Beach.Actors.Cluster;
using Beach.Actors.Postgres.Audit;
using Beach.Actors.Postgres.Sql;
using Beach.Actors.Postgres.Tenancy;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Beach.Actors.Postgres;

/// <summary>
/// The audit log in PostgreSQL. Appends go through a group-commit writer: those that arrive while a commit is in
/// flight go into the next transaction together, each at the next global sequence number and the next version of its
/// stream (versions start at 1; an empty stream is at 0), and complete once that transaction committed. Times are
/// stored to the millisecond and read back in UTC; data is kept exactly as written. Reads run under the tenant they
/// ask for (row-level security).
/// </summary>
/// <remarks>
/// A log opened for a silo (<see cref="ILocalSilo"/>) appends only while that silo is a member: every commit batch reads
/// the silo's membership row with a share lock inside its transaction, and once the row says Dead (or is gone) every
/// append of the batch fails with <see cref="SiloUnavailableException"/> and nothing is inserted. Since the Dead write
/// needs a conflicting lock on that row, no append commits after the silo was declared dead. Reads are not fenced.
/// </remarks>
public sealed class PostgresAuditLog : IAuditLog, IAsyncDisposable
{
    private const int SeqColumn = 0;
    private const int StreamVersionColumn = 1;
    private const int KindColumn = 2;
    private const int ActorColumn = 3;
    private const int DataColumn = 4;
    private const int AtColumn = 5;

    private readonly PostgresDatabase _database;
    private readonly AuditGroupCommitWriter _writer;

    /// <summary>Starts the log's group-commit writer on <paramref name="database"/>, for no silo: appends are not fenced.</summary>
    public PostgresAuditLog(PostgresDatabase database)
        : this(database, localSilo: null)
    {
    }

    /// <summary>
    /// Starts the log's group-commit writer on <paramref name="database"/>, appending for <paramref name="localSilo"/>:
    /// appends fail once that silo's row in the membership table of <see cref="PostgresOptions.ClusterId"/> says Dead
    /// or is missing. With no silo (an embedded single node) appends are not fenced.
    /// </summary>
    public PostgresAuditLog(PostgresDatabase database, ILocalSilo? localSilo)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        var fence = localSilo is null ? null : new AuditMembershipFence(database.Options.ClusterId, localSilo.Address);
        _writer = new AuditGroupCommitWriter(database, fence, database.LoggerFactory.CreateLogger<PostgresAuditLog>());
    }

    /// <summary>What the group-commit writer has done so far: transactions, and appends per transaction.</summary>
    public PostgresGroupCommitStatistics WriterStatistics => _writer.Statistics;

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><see cref="AuditEntry.Data"/> is not JSON.</exception>
    /// <remarks>The task fails with <see cref="SiloUnavailableException"/> when the log's silo was declared dead.</remarks>
    public ValueTask<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Tenant);
        ArgumentNullException.ThrowIfNull(entry.Stream);
        ArgumentNullException.ThrowIfNull(entry.Kind);
        ArgumentNullException.ThrowIfNull(entry.Data);
        AuditJson.Validate(entry.Data);
        return new ValueTask<AuditRecord>(_writer.EnqueueAsync(new AuditAppend(entry, cancellationToken)));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> ReadStreamAsync(string tenant, string stream, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await ReadAsync(tenant, stream, AuditLogSql.ReadStream, [Positional.Value(afterSeq), Positional.Value((long)limit)], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<AuditRecord?> ReadLastAsync(string tenant, string stream, CancellationToken cancellationToken = default)
    {
        var records = await ReadAsync(tenant, stream, AuditLogSql.ReadLast, [], cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    /// <summary>Stops accepting appends and commits every append already queued.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private async Task<List<AuditRecord>> ReadAsync(string tenant, string stream, string sql, NpgsqlParameter[] more, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(stream);
        var records = new List<AuditRecord>();
        var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var batch = TenantScope.Batch(connection, tenant);
            batch.BatchCommands.Add(Positional.Command(sql, [Positional.Value(tenant), Positional.Value(stream), .. more]));
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    records.Add(new AuditRecord(
                        reader.GetInt64(SeqColumn),
                        tenant,
                        stream,
                        reader.GetInt64(StreamVersionColumn),
                        reader.GetString(KindColumn),
                        reader.IsDBNull(ActorColumn) ? null : reader.GetString(ActorColumn),
                        reader.GetString(DataColumn),
                        reader.GetFieldValue<DateTimeOffset>(AtColumn)));
                }
            }
        }

        return records;
    }
}
