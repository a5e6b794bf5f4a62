using Beach.Actors.Persistence;

namespace Beach.Actors.Sqlite.Migrations;

/// <summary>The schema's migrations: the scripts embedded beside this class, ordered by version.</summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<SchemaMigration> All { get; } =
        EmbeddedSchemaMigrations.Load(typeof(SqliteMigrations).Assembly, "Beach.Actors.Sqlite.Migrations.", "SQLite");
}
