using Beach.Actors.Postgres.Migrations;
using Npgsql;

namespace Beach.Actors.Postgres.Tests;

public sealed class PostgresMigrationTests : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Migrating_twice_applies_each_migration_once_and_reports_the_same_version()
    {
        var first = await _store.Open().EnsureSchemaAsync();
        var second = await _store.Open().EnsureSchemaAsync();

        first.ShouldBe(PostgresMigrations.All[^1].Version);
        second.ShouldBe(first);
        (await AppliedVersionsAsync()).ShouldBe(PostgresMigrations.All.Select(migration => migration.Version));
    }

    [Fact]
    public async Task Silos_migrating_the_same_database_at_once_apply_each_migration_exactly_once()
    {
        var silos = Enumerable.Range(0, 4).Select(_ => _store.Open()).ToList();

        var versions = await Task.WhenAll(silos.Select(silo => Task.Run(() => silo.EnsureSchemaAsync())));

        var latest = PostgresMigrations.All[^1].Version;
        versions.ShouldAllBe(version => version == latest);
        (await AppliedVersionsAsync()).ShouldBe(PostgresMigrations.All.Select(migration => migration.Version));
    }

    private async Task<List<long>> AppliedVersionsAsync()
    {
        await using var connection = new NpgsqlConnection(_store.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version FROM schema_migrations ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<long>();
        while (await reader.ReadAsync())
        {
            versions.Add(reader.GetInt64(0));
        }

        return versions;
    }
}
