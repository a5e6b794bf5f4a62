namespace Beach.Actors.Persistence;

/// <summary>One numbered schema change of a storage provider: a SQL script applied once, in order, in a transaction.</summary>
/// <param name="Version">Its number; migrations apply in ascending order.</param>
/// <param name="Name">What it does, from its file name.</param>
/// <param name="Script">The SQL.</param>
public sealed record SchemaMigration(long Version, string Name, string Script);
