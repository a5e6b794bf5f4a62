using System.Collections.Immutable;
using System.Globalization;
using Beach.Actors.Cluster;
using Beach.Actors.Postgres.Membership;
using Beach.Actors.Postgres.Persistence;
using Beach.Actors.Postgres.Sql;
using Npgsql;
using NpgsqlTypes;

namespace Beach.Actors.Postgres;

/// <summary>
/// The membership table of the cluster <see cref="PostgresOptions.ClusterId"/> in PostgreSQL: one
/// <c>membership_version</c> row per cluster and one <c>membership</c> row per silo incarnation. An insert or update
/// moves the version from <c>next - 1</c> to <c>next</c> and changes the row in one statement inside one transaction,
/// and rolls back (returning false) unless both happened; a second writer from the same version blocks on the
/// version row until the first commits, then finds the version moved. The table version's ETag is its number.
/// </summary>
public sealed class PostgresMembershipTable(PostgresDatabase database) : IMembershipTable
{
    private const int VersionColumn = 0;
    private const int HostColumn = 1;
    private const int PortColumn = 2;
    private const int GenerationColumn = 3;
    private const int StatusColumn = 4;
    private const int NameColumn = 5;
    private const int GatewayPortColumn = 6;
    private const int StartedAtColumn = 7;
    private const int IAmAliveAtColumn = 8;
    private const int SuspicionsColumn = 9;
    private const int EtagColumn = 10;

    private readonly string _clusterId = database.Options.ClusterId;

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand(MembershipSql.EnsureVersionRow, connection);
            command.Parameters.Add(Positional.Value(_clusterId));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand(MembershipSql.ReadAll, connection);
            command.Parameters.Add(Positional.Value(_clusterId));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var version = 0L;
                var rows = ImmutableArray.CreateBuilder<MembershipRow>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    version = reader.GetInt64(VersionColumn);
                    if (!reader.IsDBNull(HostColumn))
                    {
                        rows.Add(ReadRow(reader));
                    }
                }

                return new MembershipTableData(rows.ToImmutable(), new TableVersion(version, GrainEtag.Format(version)));
            }
        }
    }

    /// <inheritdoc />
    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(next);
        return ChangeAsync(MembershipSql.Insert, entry, next, etag: null, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(next);
        return GrainEtag.Parse(etag) is { } version
            && await ChangeAsync(MembershipSql.Update, entry, next, version, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand(MembershipSql.IAmAlive, connection);
            command.Parameters.Add(Positional.Value(_clusterId));
            command.Parameters.Add(Positional.Value(silo.Host));
            command.Parameters.Add(Positional.Value(silo.Port));
            command.Parameters.Add(Positional.Value(silo.Generation));
            command.Parameters.Add(Positional.Value(at.UtcDateTime));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task CleanupDefunctEntriesAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = new NpgsqlCommand(MembershipSql.CleanupDefunct, connection);
            command.Parameters.Add(Positional.Value(_clusterId));
            command.Parameters.Add(Positional.Value(nameof(SiloStatus.Dead)));
            command.Parameters.Add(Positional.Value(before.UtcDateTime));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> ChangeAsync(string sql, MembershipEntry entry, TableVersion next, long? etag, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                command.Parameters.Add(Positional.Value(_clusterId));
                command.Parameters.Add(Positional.Value(next.Version));
                command.Parameters.Add(Positional.Value(entry.Silo.Host));
                command.Parameters.Add(Positional.Value(entry.Silo.Port));
                command.Parameters.Add(Positional.Value(entry.Silo.Generation));
                command.Parameters.Add(Positional.Value(entry.Status.ToString()));
                command.Parameters.Add(Positional.Value(entry.Name));
                command.Parameters.Add(Positional.Value(entry.GatewayPort));
                command.Parameters.Add(Positional.Value(entry.StartedAt.UtcDateTime));
                command.Parameters.Add(Positional.Value(entry.IAmAliveAt.UtcDateTime));
                command.Parameters.Add(new NpgsqlParameter { Value = SuspicionsJson.Write(entry.Suspicions), NpgsqlDbType = NpgsqlDbType.Jsonb });
                if (etag is { } expected)
                {
                    command.Parameters.Add(Positional.Value(expected));
                }

                // Both the version and the row moved, or neither may: a bumped version over an unchanged row rolls back.
                var changed = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
                if (changed)
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                }

                return changed;
            }
        }
    }

    private static MembershipRow ReadRow(NpgsqlDataReader reader)
    {
        var entry = new MembershipEntry(
            new SiloAddress(reader.GetString(HostColumn), reader.GetInt32(PortColumn), reader.GetInt64(GenerationColumn)),
            Enum.Parse<SiloStatus>(reader.GetString(StatusColumn)),
            reader.GetString(NameColumn),
            reader.GetInt32(GatewayPortColumn),
            reader.GetFieldValue<DateTimeOffset>(StartedAtColumn),
            reader.GetFieldValue<DateTimeOffset>(IAmAliveAtColumn),
            SuspicionsJson.Read(reader.GetString(SuspicionsColumn)));
        return new MembershipRow(entry, reader.GetInt64(EtagColumn).ToString(CultureInfo.InvariantCulture));
    }
}
