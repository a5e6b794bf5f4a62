using Microsoft.Data.Sqlite;

namespace Beach.Actors.Sqlite.Writing;

/// <summary>
/// What a write operation sees while the writer runs it: the writer's connection inside the batch's open transaction,
/// commands and statements prepared once and reused across batches, and what operations remember across batches
/// (<see cref="Memory{T}"/>). Used only on the writer's thread.
/// </summary>
internal sealed class WriteBatch(SqliteConnection connection, TimeProvider timeProvider) : IDisposable
{
    // Changes whenever another connection (another process, or a tool) commits to the database; the writer's own
    // commits leave it alone. See https://sqlite.org/pragma.html#pragma_data_version.
    private static readonly SqlStatement DataVersion = new("PRAGMA data_version");

    private readonly Dictionary<SqlStatement, SqliteCommand> _commands = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SqlStatement, PreparedStatement> _prepared = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Type, IWriterMemory> _memories = [];
    private long _dataVersion = -1;

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

    /// <summary>
    /// <paramref name="statement"/> prepared for SQLite's own API, for writes made on every request and the statements
    /// of every batch; see <see cref="PreparedStatement"/>. Other writes use <see cref="Command"/>.
    /// </summary>
    public PreparedStatement Prepared(SqlStatement statement)
    {
        if (!_prepared.TryGetValue(statement, out var prepared))
        {
            prepared = new PreparedStatement(connection.Handle!, statement);
            _prepared.Add(statement, prepared);
        }

        return prepared;
    }

    /// <summary>The writer's one <typeparamref name="T"/>, made on first use and kept until the database closes.</summary>
    public T Memory<T>()
        where T : class, IWriterMemory, new()
    {
        if (_memories.TryGetValue(typeof(T), out var memory))
        {
            return (T)memory;
        }

        var made = new T();
        _memories.Add(typeof(T), made);
        return made;
    }

    /// <summary>
    /// Called inside each batch's transaction before its first write, while the batch holds the database's write lock:
    /// forgets every memory if another connection committed since the last batch.
    /// </summary>
    public void ForgetIfChangedElsewhere()
    {
        var version = Prepared(DataVersion).ExecuteScalarInt64();
        if (version != _dataVersion)
        {
            _dataVersion = version;
            Forget();
        }
    }

    /// <summary>Forgets every memory: a batch rolled back, so what its writes remembered may not be true.</summary>
    public void Forget()
    {
        foreach (var memory in _memories.Values)
        {
            memory.Forget();
        }
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        foreach (var prepared in _prepared.Values)
        {
            prepared.Dispose();
        }

        _prepared.Clear();
    }
}
