using Beach.Actors.Audit;
using Beach.Actors.Sqlite.Audit;
using Microsoft.Data.Sqlite;

namespace Beach.Actors.Sqlite;

/// <summary>
/// The audit log in the embedded SQLite database. Appends go through the group-commit writer, which gives each one the
/// next global sequence number, the next version of its stream (versions start at 1; an empty stream is at 0) and the
/// next link of its tenant's hash chain, and completes it once the commit is on disk. Times are stored to the
/// millisecond and read back in UTC.
/// </summary>
public sealed class SqliteAuditLog(SqliteDatabase database) : IAuditLog
{
    /// <inheritdoc />
    public ValueTask<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new ValueTask<AuditRecord>(database.Writer.EnqueueAsync(new AuditAppend(entry, cancellationToken)));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> ReadStreamAsync(string tenant, string stream, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentNullException.ThrowIfNull(stream);
        return await ReadAsync(tenant, AuditLogSql.ReadStream, command =>
        {
            command.Parameters.AddWithValue(AuditLogSql.Stream, stream);
            command.Parameters.AddWithValue(AuditLogSql.AfterSeq, afterSeq);
            command.Parameters.AddWithValue(AuditLogSql.Limit, limit);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<AuditRecord?> ReadLastAsync(string tenant, string stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var records = await ReadAsync(tenant, AuditLogSql.ReadLast, command => command.Parameters.AddWithValue(AuditLogSql.Stream, stream), cancellationToken)
            .ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        return await ReadAsync(query.Tenant, AuditQuerySql.Text(query), command => AuditQuerySql.Bind(command, query), cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<AuditRecord>> ReadAsync(string tenant, string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var records = new List<AuditRecord>();
        var connection = await database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue(AuditLogSql.Tenant, tenant);
            bind(command);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    records.Add(AuditRecordReader.Read(reader, tenant));
                }
            }
        }

        return records;
    }
}
