using Beach.Actors.Audit;
using Beach.Actors.Cluster;
using Beach.Actors.Postgres.Audit;
using Beach.Actors.Postgres.Sql;
using Beach.Actors.Postgres.Tenancy;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Beach.Actors.Postgres;

/// <summary>
/// The audit log in PostgreSQL. Appends go through a group-commit writer (<see cref="AuditGroupCommitWriter"/>): those
/// that arrive while a commit is in flight go into the next transaction together, each at the next global sequence
/// number, the next version of its stream (versions start at 1; an empty stream is at 0) and the next link of its
/// tenant's hash chain, and complete once that transaction committed. A batch is one round trip and one transaction.
/// The writer chains a tenant's appends itself from the head it last wrote and the server only checks that the head
/// has not moved; when it has (another silo's writer appended for the tenant), or the writer does not know the head,
/// <c>beach_audit_append</c> (migration 0006) decides and chains under the head's row lock. Either way a tenant's chain
/// is one linear sequence in seq order. Times are stored to the millisecond and read back in UTC; data is kept exactly
/// as written. Reads run under the tenant they ask for (row-level security).
/// </summary>
/// <remarks>
/// A log opened for a silo (<see cref="ILocalSilo"/>) appends only while that silo is a member: every commit batch reads
/// the membership row of each silo its appends came from with a key share lock inside its transaction
/// (<see cref="Audit.AuditMembershipFence"/>), and once a row says Dead (or is gone) that silo's appends fail with
/// <see cref="SiloUnavailableException"/> and nothing of theirs is inserted. Since the Dead write takes a conflicting
/// lock on that row first (a trigger, migration 0008), no append commits after its silo was declared dead. The log is also the cluster's
/// <see cref="IClusterAuditWriter"/>: a tenant's audit home appends for the silo an entry came from
/// (<see cref="AppendForAsync"/>), fenced on that silo. Reads are not fenced.
/// </remarks>
public sealed class PostgresAuditLog : IAuditLog, IClusterAuditWriter, IAsyncDisposable
{
    private readonly PostgresDatabase _database;
    private readonly AuditGroupCommitWriter _writer;
    private readonly bool _fenced;

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
        _fenced = fence is not null;
        _writer = new AuditGroupCommitWriter(database, fence, database.LoggerFactory.CreateLogger<PostgresAuditLog>());
    }

    /// <summary>What the group-commit writer has done so far: transactions, and appends per transaction.</summary>
    public PostgresGroupCommitStatistics WriterStatistics => _writer.Statistics;

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><see cref="AuditEntry.Data"/> is not JSON.</exception>
    /// <remarks>The task fails with <see cref="SiloUnavailableException"/> when the log's silo was declared dead.</remarks>
    public ValueTask<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
        => Append(entry, origin: null, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><see cref="AuditEntry.Data"/> is not JSON.</exception>
    /// <exception cref="InvalidOperationException">The log was opened for no silo, so it cannot fence another.</exception>
    public ValueTask<AuditRecord> AppendForAsync(SiloAddress origin, AuditEntry entry, CancellationToken cancellationToken = default)
    {
        if (!_fenced)
        {
            throw new InvalidOperationException("This audit log was opened for no silo: it appends for no other silo either.");
        }

        return Append(entry, origin, cancellationToken);
    }

    private ValueTask<AuditRecord> Append(AuditEntry entry, SiloAddress? origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Tenant);
        ArgumentNullException.ThrowIfNull(entry.Stream);
        ArgumentNullException.ThrowIfNull(entry.Kind);
        ArgumentNullException.ThrowIfNull(entry.Data);
        AuditJson.Validate(entry.Data);
        return new ValueTask<AuditRecord>(_writer.EnqueueAsync(new AuditAppend(entry, origin, cancellationToken)));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> ReadStreamAsync(string tenant, string stream, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(stream);
        return await ReadAsync(tenant, AuditLogSql.ReadStream,
            [Positional.Value(tenant), Positional.Value(stream), Positional.Value(afterSeq), Positional.Value((long)limit)], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<AuditRecord?> ReadLastAsync(string tenant, string stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(stream);
        var records = await ReadAsync(tenant, AuditLogSql.ReadLast, [Positional.Value(tenant), Positional.Value(stream)], cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return await ReadAsync(query.Tenant, AuditLogSql.Query,
            [
                Positional.Value(query.Tenant),
                Positional.Value(query.AfterSeq),
                Nullable(NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text, query.Streams?.ToArray()),
                Nullable(NpgsqlTypes.NpgsqlDbType.Text, query.Kind),
                Nullable(NpgsqlTypes.NpgsqlDbType.Text, query.Actor),
                Nullable(NpgsqlTypes.NpgsqlDbType.TimestampTz, query.Since?.UtcDateTime),
                Nullable(NpgsqlTypes.NpgsqlDbType.TimestampTz, query.Until?.UtcDateTime),
                Positional.Value((long)query.Limit),
            ],
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops accepting appends and commits every append already queued.</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private async Task<List<AuditRecord>> ReadAsync(string tenant, string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        var records = new List<AuditRecord>();
        var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var batch = TenantScope.Batch(connection, tenant);
            batch.BatchCommands.Add(Positional.Command(sql, parameters));
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    records.Add(AuditRecordReader.Read(reader, tenant));
                }
            }
        }

        return records;
    }

    // A filter left out is a typed NULL, which the query reads as "any".
    private static NpgsqlParameter Nullable(NpgsqlTypes.NpgsqlDbType type, object? value)
        => new() { NpgsqlDbType = type, Value = value ?? DBNull.Value };
}
