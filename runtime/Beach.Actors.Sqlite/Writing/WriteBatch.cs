using Microsoft.Data.Sqlite;

namespace Beach.Actors.Sqlite.Writing;

/// <summary>
/// What a write operation sees while the writer runs it: the writer's connection inside the batch's open transaction,
/// and commands prepared once and reused across batches. Used only on the writer's thread.
/// </summary>
internal sealed class WriteBatch(SqliteConnection connection, TimeProvider timeProvider) : IDisposable
{
    private readonly Dictionary<SqlStatement, SqliteCommand> _commands = new(ReferenceEqualityComparer.Instance);

    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>The prepared command for <paramref name="statement"/>, with its parameters declared.</summary>
    public SqliteCommand Command(SqlStatement statement)
    {
        if (_commands.TryGetValue(statement, out var command))
        {
            return command;
        }

        command = connection.CreateCommand();
        command.CommandText = statement.Text;
        foreach (var name in statement.ParameterNames)
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        command.Prepare();
        _commands.Add(statement, command);
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
