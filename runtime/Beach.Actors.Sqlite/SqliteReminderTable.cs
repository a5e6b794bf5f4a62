using System.Globalization;
using Beach.Actors.Cluster;
using Beach.Actors.Sqlite.Reminders;
using Microsoft.Data.Sqlite;

namespace Beach.Actors.Sqlite;

/// <summary>
/// Reminders in the embedded silo's SQLite database: writes go through the group-commit writer (on disk before the
/// registration returns), reads through the read connections.
/// </summary>
public sealed class SqliteReminderTable(SqliteDatabase database) : IReminderTable
{
    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grain, CancellationToken cancellationToken)
        => ReadAsync(ReminderSql.ReadGrain, command => BindGrain(command, grain), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(uint begin, uint end, CancellationToken cancellationToken)
        => ReadAsync(begin < end ? ReminderSql.ReadRange : ReminderSql.ReadWrappedRange, command =>
        {
            command.Parameters.AddWithValue(ReminderSql.Begin, (long)begin);
            command.Parameters.AddWithValue(ReminderSql.End, (long)end);
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRowAsync(GrainId grain, string name, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(ReminderSql.ReadOne, command =>
        {
            BindGrain(command, grain);
            command.Parameters.AddWithValue(ReminderSql.Name, name);
        }, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return database.Writer.EnqueueAsync(new ReminderUpsert(entry, cancellationToken));
    }

    /// <inheritdoc />
    public Task<bool> RemoveRowAsync(GrainId grain, string name, string etag, CancellationToken cancellationToken)
        => database.Writer.EnqueueAsync(new ReminderRemove(grain, name, etag, cancellationToken));

    private static void BindGrain(SqliteCommand command, GrainId grain)
    {
        command.Parameters.AddWithValue(ReminderSql.GrainType, grain.Type);
        command.Parameters.AddWithValue(ReminderSql.GrainKey, grain.Key);
    }

    private async Task<IReadOnlyList<ReminderEntry>> ReadAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        var rows = new List<ReminderEntry>();
        var connection = await database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(new ReminderEntry(
                        new GrainId(reader.GetString(0), reader.GetString(1)),
                        reader.GetString(2),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                        TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                        reader.GetInt64(5).ToString(CultureInfo.InvariantCulture)));
                }
            }
        }

        return rows;
    }
}
