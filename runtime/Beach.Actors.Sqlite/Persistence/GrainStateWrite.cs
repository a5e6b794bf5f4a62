using System.Runtime.InteropServices;
using Beach.Actors.Sqlite.Writing;

namespace Beach.Actors.Sqlite.Persistence;

/// <summary>Writes a new version of a grain's state if the stored ETag is the expected one; returns the new ETag.</summary>
internal sealed class GrainStateWrite(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken)
    : GrainStateOperation<string>(grainId, stateName, expectedEtag, cancellationToken)
{
    private const string Action = "write";

    // Copied only when the caller's memory is not a whole array: SQLite binds arrays.
    private readonly byte[] _payload =
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    protected override string Apply(WriteBatch batch)
    {
        if (ExpectedEtag is not null && ExpectedVersion is null)
        {
            return Reject(Conflict(Action, StoredEtag(batch)));
        }

        var version = (long)batch.Command(GrainStateSql.NextEtag).ExecuteScalar()!;
        var command = RowCommand(batch, ExpectedVersion is null ? GrainStateSql.Insert : GrainStateSql.Update);
        command.Parameters[GrainStateSql.Etag].Value = version;
        command.Parameters[GrainStateSql.Payload].Value = _payload;
        command.Parameters[GrainStateSql.UpdatedAt].Value = batch.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        if (ExpectedVersion is not null)
        {
            BindExpectedEtag(command, ExpectedVersion);
        }

        return command.ExecuteNonQuery() == 0
            ? Reject(Conflict(Action, StoredEtag(batch)))
            : GrainEtag.Format(version);
    }
}
