namespace Beach.Actors.Postgres.Migrations;

/// <summary>One numbered schema change: a SQL script applied once, in order, inside the migration transaction.</summary>
internal sealed record PostgresMigration(long Version, string Name, string Script);
