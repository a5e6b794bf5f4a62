using System.Globalization;
using Npgsql;

namespace Beach.Actors.Testing.Postgres;

/// <summary>
/// A fresh, empty database on the test server (<see cref="PostgresTestServer"/>) for one fixture or test class, owned
/// by the non-superuser role <c>beach</c>, so row-level security applies to it. Create it in
/// <c>IAsyncLifetime.InitializeAsync</c>, hand <see cref="ConnectionString"/> to the code under test, and dispose it
/// in <c>DisposeAsync</c>, which drops the database (ending any session still connected to it).
/// </summary>
/// <example>
/// <code>
/// await using var database = await PostgresTestDatabase.CreateAsync();
/// services.AddBeachPostgres(options => options.ConnectionString = database.ConnectionString);
/// </code>
/// </example>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private const string NamePrefix = "beach_";

    private readonly string _serverConnectionString;
    private int _disposed;

    private PostgresTestDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>The database's name: <c>beach_</c> and 32 random hex digits.</summary>
    public string Name { get; }

    /// <summary>The Npgsql connection string of the database, as role <c>beach</c>.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a database of its own on the test server, starting the server first if this process must.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync(CancellationToken cancellationToken = default)
    {
        var server = PostgresTestServer.ConnectionString;
        var name = NamePrefix + Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
        await ExecuteAsync(server, $"CREATE DATABASE {name}", cancellationToken).ConfigureAwait(false);
        return new PostgresTestDatabase(server, name);
    }

    /// <summary>Drops the database, forcibly ending the sessions still connected to it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        // FORCE cannot end a backend of another role (a background worker the server itself started on this database):
        // it fails with 42501 until that worker is gone, which takes a moment. The server is throwaway, so a database
        // still there after the retries is left for the server's own removal rather than failing the test that used it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync(_serverConnectionString, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (PostgresException busy) when (busy.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
            {
                if (attempt == DROP_ATTEMPTS)
                {
                    return;
                }

                await Task.Delay(DROP_RETRY_DELAY).ConfigureAwait(false);
            }
        }
    }

    private const int DROP_ATTEMPTS = 20;
    private static readonly TimeSpan DROP_RETRY_DELAY = TimeSpan.FromMilliseconds(250);

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        // Unpooled: CREATE and DROP DATABASE cannot run in a transaction, and a pooled session would linger for nothing.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
