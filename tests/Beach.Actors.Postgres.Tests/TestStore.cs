using Beach.Actors.Testing.Postgres;

namespace Beach.Actors.Postgres.Tests;

/// <summary>
/// A fresh database on the test server for one test. Disposing it disposes every provider and database opened through
/// it, then drops the database.
/// </summary>
internal sealed class TestStore : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _opened = [];

    private TestStore(PostgresTestDatabase database)
    {
        Database = database;
    }

    public PostgresTestDatabase Database { get; }

    public static async Task<TestStore> CreateAsync() => new(await PostgresTestDatabase.CreateAsync());

    /// <summary>A new <see cref="PostgresDatabase"/> on the test's database, as another silo would open it.</summary>
    public PostgresDatabase Open(Action<PostgresOptions>? configure = null)
    {
        var options = new PostgresOptions { ConnectionString = Database.ConnectionString };
        configure?.Invoke(options);
        var database = new PostgresDatabase(options);
        _opened.Add(database);
        return database;
    }

    /// <summary>Registers <paramref name="disposable"/> to be disposed before the databases.</summary>
    public T Track<T>(T disposable)
        where T : IAsyncDisposable
    {
        _opened.Add(disposable);
        return disposable;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _opened.Count - 1; i >= 0; i--)
        {
            await _opened[i].DisposeAsync();
        }

        await Database.DisposeAsync();
    }
}
