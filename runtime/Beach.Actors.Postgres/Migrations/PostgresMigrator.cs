using Beach.Actors.Postgres.Logging;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Beach.Actors.Postgres.Migrations;

/// <summary>
/// Brings a database's schema up to date in one transaction that first takes a transaction-scoped advisory lock, so
/// silos starting at once against the same database apply each migration exactly once: the second waits for the
/// first to commit, then finds everything applied. DDL is transactional in PostgreSQL, so a failed migration leaves
/// the schema as it was.
/// </summary>
internal static class PostgresMigrator
{
    /// <summary>The advisory lock every migrator of a database takes: "beach" in ASCII, a key no other code uses.</summary>
    private const long MigrationLockKey = 0x62_65_61_63_68;

    private const string Lock = "SELECT pg_advisory_xact_lock($1)";

    private const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    bigint      PRIMARY KEY,
            name       text        NOT NULL,
            applied_at timestamptz NOT NULL
        )
        """;

    private const string Applied = "SELECT version FROM schema_migrations";
    private const string RecordApplied = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";

    /// <summary>Applies the missing migrations and returns the schema version.</summary>
    public static async Task<long> MigrateAsync(NpgsqlDataSource dataSource, IReadOnlyList<Beach.Actors.Persistence.SchemaMigration> migrations, TimeProvider timeProvider, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await using (var command = new NpgsqlCommand(Lock, connection, transaction))
                {
                    command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = MigrationLockKey });
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var command = new NpgsqlCommand(CreateHistory, connection, transaction))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var applied = new HashSet<long>();
                await using (var command = new NpgsqlCommand(Applied, connection, transaction))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            applied.Add(reader.GetInt64(0));
                        }
                    }
                }

                var newlyApplied = new List<Beach.Actors.Persistence.SchemaMigration>();
                foreach (var migration in migrations.Where(migration => !applied.Contains(migration.Version)))
                {
                    await using (var script = new NpgsqlCommand(migration.Script, connection, transaction))
                    {
                        await script.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    await using (var record = new NpgsqlCommand(RecordApplied, connection, transaction))
                    {
                        record.Parameters.Add(new NpgsqlParameter<long> { TypedValue = migration.Version });
                        record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
                        record.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = timeProvider.GetUtcNow().UtcDateTime });
                        await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    applied.Add(migration.Version);
                    newlyApplied.Add(migration);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                foreach (var migration in newlyApplied)
                {
                    logger.MigrationApplied(migration.Version, migration.Name);
                }

                return applied.Count == 0 ? 0 : applied.Max();
            }
        }
    }
}
