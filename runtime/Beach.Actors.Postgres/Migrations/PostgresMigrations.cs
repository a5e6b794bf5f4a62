using Beach.Actors.Persistence;

namespace Beach.Actors.Postgres.Migrations;

/// <summary>The schema's migrations: the scripts embedded beside this class, ordered by version.</summary>
internal static class PostgresMigrations
{
    public static IReadOnlyList<SchemaMigration> All { get; } =
        EmbeddedSchemaMigrations.Load(typeof(PostgresMigrations).Assembly, "Beach.Actors.Postgres.Migrations.", "PostgreSQL");
}
