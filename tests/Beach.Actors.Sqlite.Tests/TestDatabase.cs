namespace Beach.Actors.Sqlite.Tests;

/// <summary>
/// A fresh temporary directory for one test's database file. Disposing it closes every database opened through it
/// and deletes the directory.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    private readonly List<SqliteDatabase> _opened = [];

    public TestDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "beach-sqlite-tests", Guid.NewGuid().ToString("N"));
    }

    public string Directory { get; }

    /// <summary>Opens the test's database file (creating it on first use).</summary>
    public SqliteDatabase Open(Action<SqliteOptions>? configure = null)
    {
        var options = new SqliteOptions { DataDirectory = Directory };
        configure?.Invoke(options);
        var database = new SqliteDatabase(options);
        _opened.Add(database);
        return database;
    }

    /// <summary>Closes <paramref name="database"/> and opens the same file again.</summary>
    public async Task<SqliteDatabase> ReopenAsync(SqliteDatabase database, Action<SqliteOptions>? configure = null)
    {
        await database.DisposeAsync();
        return Open(configure);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }

        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
