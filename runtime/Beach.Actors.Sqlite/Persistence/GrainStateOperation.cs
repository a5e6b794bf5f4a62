using Beach.Actors.Persistence;
using Beach.Actors.Sqlite.Writing;
using Microsoft.Data.Sqlite;

namespace Beach.Actors.Sqlite.Persistence;

/// <summary>What a write and a clear of one grain's state share: the row they target and the ETag check.</summary>
internal abstract class GrainStateOperation<T>(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    : WriteOperation<T>(cancellationToken)
{
    protected GrainId GrainId { get; } = grainId;

    protected string StateName { get; } = stateName;

    protected string? ExpectedEtag { get; } = expectedEtag;

    /// <summary>
    /// The expected ETag as stored, or null when the caller expects nothing stored or holds an ETag this store never
    /// issued (which then matches no row).
    /// </summary>
    protected long? ExpectedVersion { get; } = GrainEtag.Parse(expectedEtag);

    protected SqliteCommand RowCommand(WriteBatch batch, SqlStatement statement)
    {
        var command = batch.Command(statement);
        command.Parameters[GrainStateSql.GrainType].Value = GrainId.Type;
        command.Parameters[GrainStateSql.GrainKey].Value = GrainId.Key;
        command.Parameters[GrainStateSql.StateName].Value = StateName;
        return command;
    }

    protected static void BindExpectedEtag(SqliteCommand command, long? expectedVersion) =>
        command.Parameters[GrainStateSql.ExpectedEtag].Value = expectedVersion.HasValue ? expectedVersion.Value : DBNull.Value;

    /// <summary>The ETag stored now, read inside the batch's transaction, or null when nothing is stored.</summary>
    protected string? StoredEtag(WriteBatch batch) =>
        RowCommand(batch, GrainStateSql.StoredEtag).ExecuteScalar() is long stored ? GrainEtag.Format(stored) : null;

    protected InconsistentStateException Conflict(string action, string? storedEtag) => new(
        $"Cannot {action} state '{StateName}' of grain {GrainId}: expected ETag {ExpectedEtag ?? "<none>"}, stored ETag {storedEtag ?? "<none>"}.",
        storedEtag,
        ExpectedEtag);
}
