using Beach.Actors.Sqlite.Logging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Sqlite.Migrations;

/// <summary>
/// Brings a database's schema up to date. Each migration runs in its own IMMEDIATE transaction that first checks
/// <c>schema_migrations</c>, so opening the same file again, or from two processes at once, applies nothing twice.
/// </summary>
internal static class SqliteMigrator
{
    private const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at INTEGER NOT NULL -- unix milliseconds
        )
        """;

    private const string IsApplied = "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = @version)";
    private const string RecordApplied = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @applied_at)";
    private const string CurrentVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";

    /// <summary>Applies the missing migrations and returns the schema version.</summary>
    public static long Migrate(SqliteConnection connection, IReadOnlyList<Beach.Actors.Persistence.SchemaMigration> migrations, TimeProvider timeProvider, ILogger logger)
    {
        Execute(connection, null, CreateHistory);
        foreach (var migration in migrations)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using (var check = connection.CreateCommand())
            {
                check.Transaction = transaction;
                check.CommandText = IsApplied;
                check.Parameters.AddWithValue("@version", migration.Version);
                if ((long)check.ExecuteScalar()! != 0)
                {
                    continue;
                }
            }

            Execute(connection, transaction, migration.Script);
            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = RecordApplied;
                record.Parameters.AddWithValue("@version", migration.Version);
                record.Parameters.AddWithValue("@name", migration.Name);
                record.Parameters.AddWithValue("@applied_at", timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
                record.ExecuteNonQuery();
            }

            transaction.Commit();
            logger.MigrationApplied(migration.Version, migration.Name);
        }

        using var current = connection.CreateCommand();
        current.CommandText = CurrentVersion;
        return (long)current.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
