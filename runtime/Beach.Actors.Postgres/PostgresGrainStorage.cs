using System.Text;
using Beach.Actors.Persistence;
using Beach.Actors.Postgres.Persistence;
using Beach.Actors.Postgres.Sql;
using Beach.Actors.Postgres.Tenancy;
using Npgsql;
using NpgsqlTypes;

namespace Beach.Actors.Postgres;

/// <summary>
/// Grain state in PostgreSQL, one row per (grain type, grain key, state name), the payload (UTF-8 JSON) stored as
/// <c>jsonb</c>: it reads back as equivalent JSON, not byte for byte (whitespace and key order may differ). Each call
/// is one round trip: a batch that sets the row's tenant for row-level security, makes the conditional change and
/// reads the stored ETag, in one implicit transaction that commits before the call returns. A stale ETag throws
/// <see cref="InconsistentStateException"/>. ETags are decimal version numbers that only grow across the database.
/// </summary>
public sealed class PostgresGrainStorage(PostgresDatabase database) : IGrainStorage
{
    private const string WriteAction = "write";
    private const string ClearAction = "clear";

    /// <inheritdoc />
    public async Task<StoredState?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var batch = TenantScope.Batch(connection, TenantKey.Of(grainId));
            batch.BatchCommands.Add(RowCommand(GrainStateSql.Read, grainId, stateName));
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                return new StoredState(Encoding.UTF8.GetBytes(reader.GetString(1)), GrainEtag.Format(reader.GetInt64(0)));
            }
        }
    }

    /// <inheritdoc />
    public async Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        var expectedVersion = GrainEtag.Parse(expectedEtag);
        if (expectedEtag is not null && expectedVersion is null)
        {
            var stored = await ChangeAsync(grainId, stateName, change: null, cancellationToken).ConfigureAwait(false);
            throw Conflict(WriteAction, grainId, stateName, expectedEtag, stored.Stored);
        }

        var json = new NpgsqlParameter { Value = Encoding.UTF8.GetString(payload.Span), NpgsqlDbType = NpgsqlDbType.Jsonb };
        var now = Positional.Value(database.TimeProvider.GetUtcNow().UtcDateTime);
        var change = expectedVersion is { } version
            ? RowCommand(GrainStateSql.Update, grainId, stateName, Positional.Value(version), json, now)
            : RowCommand(GrainStateSql.Insert, grainId, stateName, Positional.Value(TenantKey.Of(grainId)), json, now);
        var outcome = await ChangeAsync(grainId, stateName, change, cancellationToken).ConfigureAwait(false);
        return outcome.Changed is { } written
            ? GrainEtag.Format(written)
            : throw Conflict(WriteAction, grainId, stateName, expectedEtag, outcome.Stored);
    }

    /// <inheritdoc />
    public async Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        var expectedVersion = GrainEtag.Parse(expectedEtag);
        var change = expectedVersion is { } version
            ? RowCommand(GrainStateSql.Delete, grainId, stateName, Positional.Value(version))
            : null;
        var outcome = await ChangeAsync(grainId, stateName, change, cancellationToken).ConfigureAwait(false);

        // Expecting no ETag succeeds only when nothing is stored; an ETag this store never issued matches nothing.
        var cleared = expectedEtag is null ? outcome.Stored is null : outcome.Changed is not null;
        if (!cleared)
        {
            throw Conflict(ClearAction, grainId, stateName, expectedEtag, outcome.Stored);
        }
    }

    /// <summary>
    /// Runs <paramref name="change"/> (when given) and then reads the stored ETag, in one implicit transaction under
    /// the grain's tenant. Returns the ETag the change returned, if it returned a row, and the ETag stored after it.
    /// </summary>
    private async Task<(long? Changed, string? Stored)> ChangeAsync(GrainId grainId, string stateName, NpgsqlBatchCommand? change, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var batch = TenantScope.Batch(connection, TenantKey.Of(grainId));
            if (change is not null)
            {
                batch.BatchCommands.Add(change);
            }

            batch.BatchCommands.Add(RowCommand(GrainStateSql.StoredEtag, grainId, stateName));
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                long? changed = null;
                if (change is not null)
                {
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                    changed = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetInt64(0) : null;
                }

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                var stored = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? GrainEtag.Format(reader.GetInt64(0)) : null;
                return (changed, stored);
            }
        }
    }

    private static NpgsqlBatchCommand RowCommand(string sql, GrainId grainId, string stateName, params NpgsqlParameter[] more) =>
        Positional.Command(sql, [Positional.Value(grainId.Type), Positional.Value(grainId.Key), Positional.Value(stateName), .. more]);

    private static InconsistentStateException Conflict(string action, GrainId grainId, string stateName, string? expectedEtag, string? storedEtag) => new(
        $"Cannot {action} state '{stateName}' of grain {grainId}: expected ETag {expectedEtag ?? "<none>"}, stored ETag {storedEtag ?? "<none>"}.",
        storedEtag,
        expectedEtag);
}
