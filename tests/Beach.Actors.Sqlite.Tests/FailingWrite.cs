using Beach.Actors.Invocation;
using Beach.Actors.Sqlite.Writing;

namespace Beach.Actors.Sqlite.Tests;

/// <summary>A write whose statement SQLite rejects: an unexpected error that must roll its whole batch back.</summary>
internal sealed class FailingWrite() : WriteOperation<VoidResult>(CancellationToken.None)
{
    private static readonly SqlStatement IntoMissingTable = new("INSERT INTO no_such_table (id) VALUES (1)");

    protected override VoidResult Apply(WriteBatch batch)
    {
        batch.Command(IntoMissingTable).ExecuteNonQuery();
        return default;
    }
}
