using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Beach.Actors.Sqlite.Writing;

/// <summary>
/// One statement prepared on the writer's connection and run through SQLite's own API, for the writes made on every
/// request and the statements every batch runs (BEGIN, COMMIT, the data version). On every execution Microsoft.Data.Sqlite asks SQLite for each parameter's position by name and walks its
/// statement list; here positions are looked up once, when the statement is prepared, and strings are bound straight
/// from their UTF-16 characters. Used only on the writer's thread.
/// </summary>
internal sealed class PreparedStatement : IDisposable
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);

    /// <summary>Prepares <paramref name="statement"/> and finds where each of its <see cref="SqlStatement.ParameterNames"/> goes.</summary>
    public PreparedStatement(sqlite3 database, SqlStatement statement)
    {
        _database = database;
        Check(raw.sqlite3_prepare_v3(database, statement.Text, raw.SQLITE_PREPARE_PERSISTENT, out _statement));
        foreach (var name in statement.ParameterNames)
        {
            var position = raw.sqlite3_bind_parameter_index(_statement, name);
            if (position == 0)
            {
                _statement.Dispose();
                throw new ArgumentException($"The statement has no parameter {name}: {statement.Text}", nameof(statement));
            }

            _positions.Add(name, position);
        }
    }

    public void Bind(string parameter, long value) => Check(raw.sqlite3_bind_int64(_statement, _positions[parameter], value));

    public void Bind(string parameter, string? value)
        => Check(value is null
            ? raw.sqlite3_bind_null(_statement, _positions[parameter])
            : raw.sqlite3_bind_text16(_statement, _positions[parameter], value.AsSpan()));

    /// <summary>Binds a copy of <paramref name="value"/>: SQLite copies spans it is given, so the caller may reuse them.</summary>
    public void BindBlob(string parameter, ReadOnlySpan<byte> value)
        => Check(raw.sqlite3_bind_blob(_statement, _positions[parameter], value));

    /// <summary>Runs the statement to completion and makes it ready for the next bindings, whether it succeeded or not.</summary>
    /// <exception cref="SqliteException">SQLite refused it, as it would through a command: a constraint, a full disk.</exception>
    public void ExecuteNonQuery()
    {
        try
        {
            Step(raw.SQLITE_DONE, "a write statement should have finished");
        }
        finally
        {
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    /// <summary>Runs a statement that answers one integer (a pragma), and makes it ready to run again.</summary>
    /// <exception cref="SqliteException">SQLite refused it.</exception>
    public long ExecuteScalarInt64()
    {
        try
        {
            Step(raw.SQLITE_ROW, "the statement should have answered a row");
            return raw.sqlite3_column_int64(_statement, 0);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    /// <summary>Runs one step of the statement and throws unless SQLite answered <paramref name="expected"/>.</summary>
    private void Step(int expected, string where)
    {
        var result = raw.sqlite3_step(_statement);
        if (result != expected)
        {
            // Read while the connection still holds this statement's error message.
            SqliteException.ThrowExceptionForRC(result, _database);
            throw new SqliteException($"SQLite answered {result} where {where}.", result);
        }
    }

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, _database);
        }
    }
}
