using Beach.Actors.Sqlite.Writing;

namespace Beach.Actors.Sqlite.Tests;

/// <summary>Reads a pragma on the writer's own connection: durability settings are per connection.</summary>
internal sealed class WriterPragma(string pragma) : WriteOperation<long>(CancellationToken.None)
{
    protected override long Apply(WriteBatch batch) => (long)batch.Command(new SqlStatement($"PRAGMA {pragma}")).ExecuteScalar()!;
}
