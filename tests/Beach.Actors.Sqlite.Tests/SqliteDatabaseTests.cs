using Beach.Actors.Audit;
using Beach.Actors.Persistence;
using Beach.Actors.Sqlite.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Sqlite.Tests;

public sealed class SqliteDatabaseTests : IAsyncLifetime
{
    private readonly TestDatabase _files = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _files.DisposeAsync();

    [Fact]
    public async Task Opening_the_same_file_twice_applies_each_migration_once()
    {
        var first = _files.Open();
        var version = first.SchemaVersion;
        await new SqliteAuditLog(first).AppendAsync(new AuditEntry("t", "s", "k", null, "{}", DateTimeOffset.UnixEpoch));

        var second = await _files.ReopenAsync(first);

        second.SchemaVersion.ShouldBe(version);
        version.ShouldBe(SqliteMigrations.All[^1].Version);
        (await Scalar(second, "SELECT COUNT(*) FROM schema_migrations")).ShouldBe(SqliteMigrations.All.Count);
        (await Scalar(second, "SELECT COUNT(*) FROM audit_log")).ShouldBe(1L);
    }

    [Fact]
    public async Task Opening_creates_the_directory_and_a_WAL_database_in_it()
    {
        var database = _files.Open(options => options.DataDirectory = Path.Combine(_files.Directory, "nested", "data"));

        File.Exists(Path.Combine(_files.Directory, "nested", "data", SqliteOptions.DEFAULT_DATABASE_FILE_NAME)).ShouldBeTrue();
        await using var connection = await database.OpenReadConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        ((string?)await command.ExecuteScalarAsync()).ShouldBe("wal");
    }

    [Fact]
    public async Task The_writer_syncs_every_commit_to_disk()
    {
        var database = _files.Open();

        // 2 is FULL: in WAL mode, NORMAL would survive a killed process but lose commits to a power cut.
        (await database.Writer.EnqueueAsync(new WriterPragma("synchronous"))).ShouldBe(2L);
    }

    [Fact]
    public async Task The_writer_checkpoints_at_the_configured_wal_size()
    {
        var database = _files.Open(options => options.WalAutoCheckpointPages = 4_321);

        (await database.Writer.EnqueueAsync(new WriterPragma("wal_autocheckpoint"))).ShouldBe(4_321L);
    }

    [Fact]
    public async Task AddBeachSqlite_serves_one_storage_as_Default_and_unkeyed_and_the_audit_log()
    {
        var services = new ServiceCollection()
            .AddBeachSqlite(options => options.DataDirectory = _files.Directory)
            .BuildServiceProvider();
        await using (services)
        {
            var keyed = services.GetRequiredKeyedService<IGrainStorage>(SqliteServiceCollectionExtensions.DEFAULT_STORAGE_NAME);
            var unkeyed = services.GetRequiredService<IGrainStorage>();

            keyed.ShouldBeOfType<SqliteGrainStorage>();
            unkeyed.ShouldBeSameAs(keyed);
            var record = await services.GetRequiredService<IAuditLog>()
                .AppendAsync(new AuditEntry("t", "s", "k", null, "{}", DateTimeOffset.UnixEpoch));
            record.StreamVersion.ShouldBe(1);
            services.GetRequiredService<SqliteDatabase>().DatabasePath
                .ShouldBe(Path.GetFullPath(Path.Combine(_files.Directory, SqliteOptions.DEFAULT_DATABASE_FILE_NAME)));
        }
    }

    private static async Task<long> Scalar(SqliteDatabase database, string sql)
    {
        await using var connection = await database.OpenReadConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
