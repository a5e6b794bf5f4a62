using Beach.Actors.Invocation;
using Beach.Actors.Sqlite.Writing;

namespace Beach.Actors.Sqlite.Persistence;

/// <summary>
/// Deletes a grain's state if the stored ETag is the expected one. Expecting no ETag succeeds only when nothing is
/// stored.
/// </summary>
internal sealed class GrainStateClear(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    : GrainStateOperation<VoidResult>(grainId, stateName, expectedEtag, cancellationToken)
{
    private const string Action = "clear";

    protected override VoidResult Apply(WriteBatch batch)
    {
        if (ExpectedEtag is null)
        {
            var stored = StoredEtag(batch);
            return stored is null ? default : Reject(Conflict(Action, stored));
        }

        var command = RowCommand(batch, GrainStateSql.Delete);
        BindExpectedEtag(command, ExpectedVersion);
        return command.ExecuteNonQuery() == 0 ? Reject(Conflict(Action, StoredEtag(batch))) : default;
    }
}
