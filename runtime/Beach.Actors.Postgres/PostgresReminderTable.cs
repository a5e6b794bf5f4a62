using Beach.Actors.Cluster;
using Beach.Actors.Postgres.Persistence;
using Beach.Actors.Postgres.Reminders;
using Beach.Actors.Postgres.Sql;
using Beach.Actors.Postgres.Tenancy;
using Npgsql;

namespace Beach.Actors.Postgres;

/// <summary>
/// Reminders in PostgreSQL. A grain's rows are read and written under its tenant (row-level security); the ring-range
/// reads a silo makes to arm the reminders it owns span every tenant. Every write has committed before it returns.
/// </summary>
public sealed class PostgresReminderTable(PostgresDatabase database) : IReminderTable
{
    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken) =>
        await database.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grain, CancellationToken cancellationToken) =>
        ReadAsync(TenantKey.Of(grain), Positional.Command(ReminderSql.ReadGrain, Positional.Value(grain.Type), Positional.Value(grain.Key)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(uint begin, uint end, CancellationToken cancellationToken) =>
        ReadAsync(TenantKey.AllTenants, Positional.Command(
            begin < end ? ReminderSql.ReadRange : ReminderSql.ReadWrappedRange,
            Positional.Value((long)begin),
            Positional.Value((long)end)), cancellationToken);

    /// <inheritdoc />
    public async Task<ReminderEntry?> ReadRowAsync(GrainId grain, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        var rows = await ReadAsync(TenantKey.Of(grain), Positional.Command(
            ReminderSql.ReadOne, Positional.Value(grain.Type), Positional.Value(grain.Key), Positional.Value(name)), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public async Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var upsert = Positional.Command(ReminderSql.Upsert,
            Positional.Value(entry.Grain.Type),
            Positional.Value(entry.Grain.Key),
            Positional.Value(entry.Name),
            Positional.Value(TenantKey.Of(entry.Grain)),
            Positional.Value((long)entry.Grain.GetUniformHashCode()),
            Positional.Value(entry.StartAt.UtcDateTime),
            Positional.Value((long)entry.Period.TotalMilliseconds));
        var etag = await ExecuteAsync(TenantKey.Of(entry.Grain), upsert, cancellationToken).ConfigureAwait(false);
        return GrainEtag.Format((long)etag!);
    }

    /// <inheritdoc />
    public async Task<bool> RemoveRowAsync(GrainId grain, string name, string etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (GrainEtag.Parse(etag) is not { } version)
        {
            return false;
        }

        var remove = Positional.Command(ReminderSql.Remove,
            Positional.Value(grain.Type), Positional.Value(grain.Key), Positional.Value(name), Positional.Value(version));
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var batch = TenantScope.Batch(connection, TenantKey.Of(grain));
            batch.BatchCommands.Add(remove);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return remove.RecordsAffected == 1;
        }
    }

    private async Task<object?> ExecuteAsync(string tenant, NpgsqlBatchCommand command, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var batch = TenantScope.Batch(connection, tenant);
            batch.BatchCommands.Add(command);
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetValue(0) : null;
            }
        }
    }

    private async Task<IReadOnlyList<ReminderEntry>> ReadAsync(string tenant, NpgsqlBatchCommand query, CancellationToken cancellationToken)
    {
        var rows = new List<ReminderEntry>();
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var batch = TenantScope.Batch(connection, tenant);
            batch.BatchCommands.Add(query);
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(new ReminderEntry(
                        new GrainId(reader.GetString(0), reader.GetString(1)),
                        reader.GetString(2),
                        reader.GetFieldValue<DateTimeOffset>(3),
                        TimeSpan.FromMilliseconds(reader.GetInt64(4)),
                        GrainEtag.Format(reader.GetInt64(5))));
                }
            }
        }

        return rows;
    }
}
