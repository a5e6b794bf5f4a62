using Beach.Actors.Persistence;
using Beach.Actors.Sqlite.Persistence;

namespace Beach.Actors.Sqlite;

/// <summary>
/// Grain state in the embedded SQLite database, one row per (grain type, grain key, state name). Writes and clears go
/// through the group-commit writer and complete once durable; a stale ETag throws
/// <see cref="InconsistentStateException"/>. ETags are decimal version numbers that only grow across the database.
/// </summary>
public sealed class SqliteGrainStorage(SqliteDatabase database) : IGrainStorage
{
    private const int EtagColumn = 0;
    private const int PayloadColumn = 1;

    /// <inheritdoc />
    public async Task<StoredState?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        var connection = await database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = GrainStateSql.Read;
            command.Parameters.AddWithValue(GrainStateSql.GrainType, grainId.Type);
            command.Parameters.AddWithValue(GrainStateSql.GrainKey, grainId.Key);
            command.Parameters.AddWithValue(GrainStateSql.StateName, stateName);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                return new StoredState(
                    reader.GetFieldValue<byte[]>(PayloadColumn),
                    GrainEtag.Format(reader.GetInt64(EtagColumn)));
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="OverloadedException">The writer's queue is full.</exception>
    public Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        return database.Writer.EnqueueAsync(new GrainStateWrite(grainId, stateName, payload, expectedEtag, cancellationToken));
    }

    /// <inheritdoc />
    /// <exception cref="OverloadedException">The writer's queue is full.</exception>
    public Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        return database.Writer.EnqueueAsync(new GrainStateClear(grainId, stateName, expectedEtag, cancellationToken));
    }
}
