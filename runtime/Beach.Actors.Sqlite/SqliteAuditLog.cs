using Beach.Actors.Audit;
using Beach.Actors.Sqlite.Audit;
using Microsoft.Data.Sqlite;

namespace Beach.Actors.Sqlite;

/// <summary>
/// The audit log in the embedded SQLite database. Appends go through the group-commit writer, which gives each one the
/// next global sequence number and the next version of its stream (versions start at 1; an empty stream is at 0) and
/// completes it once the commit is on disk. Times are stored to the millisecond and read back in UTC.
/// </summary>
public sealed class SqliteAuditLog(SqliteDatabase database) : IAuditLog
{
    private const int SeqColumn = 0;
    private const int StreamVersionColumn = 1;
    private const int KindColumn = 2;
    private const int ActorColumn = 3;
    private const int DataColumn = 4;
    private const int AtColumn = 5;

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
        var records = new List<AuditRecord>();
        await ReadAsync(tenant, stream, AuditLogSql.ReadStream, command =>
        {
            command.Parameters.AddWithValue(AuditLogSql.AfterSeq, afterSeq);
            command.Parameters.AddWithValue(AuditLogSql.Limit, limit);
        }, records, cancellationToken).ConfigureAwait(false);
        return records;
    }

    /// <inheritdoc />
    public async Task<AuditRecord?> ReadLastAsync(string tenant, string stream, CancellationToken cancellationToken = default)
    {
        var records = new List<AuditRecord>(capacity: 1);
        await ReadAsync(tenant, stream, AuditLogSql.ReadLast, static _ => { }, records, cancellationToken).ConfigureAwait(false);
        return records.Count == 0 ? null : records[0];
    }

    private async Task ReadAsync(string tenant, string stream, string sql, Action<SqliteCommand> bind, List<AuditRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(stream);
        var connection = await database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue(AuditLogSql.Tenant, tenant);
            command.Parameters.AddWithValue(AuditLogSql.Stream, stream);
            bind(command);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
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
                        AuditTimestamp.FromStored(reader.GetInt64(AtColumn))));
                }
            }
        }
    }
}
