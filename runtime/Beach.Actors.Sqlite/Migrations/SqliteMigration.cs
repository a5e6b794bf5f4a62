namespace Beach.Actors.Sqlite.Migrations;

/// <summary>One numbered schema change: a SQL script applied once, in order, inside a transaction.</summary>
internal sealed record SqliteMigration(long Version, string Name, string Script);
