using Beach.Actors.Postgres.Audit;
using Npgsql;

namespace Beach.Actors.Postgres.Tests;

/// <summary>
/// Holds the advisory lock of one audit stream from a session of its own, as a writer on another silo would while it
/// appends to that stream: the log's writer blocks inside its transaction until the lock is released.
/// </summary>
internal sealed class StreamLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private int _released;

    private StreamLock(NpgsqlConnection connection)
    {
        _connection = connection;
    }

    public static async Task<StreamLock> TakeAsync(string connectionString, string tenant, string stream)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({AuditLogSql.StreamLockKey})", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
        await command.ExecuteNonQueryAsync();
        return new StreamLock(connection);
    }

    /// <summary>Waits until some other session waits for this lock.</summary>
    public async Task WaitForWaiterAsync()
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", _connection);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("Nobody waited for the stream lock.");
    }

    /// <summary>Releases the lock (a pooled session would otherwise keep it) and closes the session.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        await using (var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", _connection))
        {
            await unlock.ExecuteNonQueryAsync();
        }

        await _connection.DisposeAsync();
    }
}
