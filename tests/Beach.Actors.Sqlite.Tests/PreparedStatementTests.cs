using Beach.Actors.Sqlite.Writing;
using Microsoft.Data.Sqlite;

namespace Beach.Actors.Sqlite.Tests;

/// <summary>The writer's statements run through SQLite's own API store exactly what a command would.</summary>
public sealed class PreparedStatementTests : IDisposable
{
    private static readonly SqlStatement Insert = new("INSERT INTO t (id, name, note, data) VALUES (@id, @name, @note, @data)", "@id", "@name", "@note", "@data");

    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public PreparedStatementTests()
    {
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT, data BLOB)";
        create.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void Text_is_stored_as_given_an_empty_string_stays_empty_and_null_is_null()
    {
        using var insert = new PreparedStatement(_connection.Handle!, Insert);
        Row(insert, 1, "plain", "naïve ✓ 😀", [1, 2, 3]);
        Row(insert, 2, "", null, []);

        Read(1).ShouldBe("plain|naïve ✓ 😀|010203");
        Read(2).ShouldBe("|NULL|");
    }

    [Fact]
    public void A_refused_row_throws_what_sqlite_said_and_the_statement_runs_again_afterwards()
    {
        using var insert = new PreparedStatement(_connection.Handle!, Insert);
        Row(insert, 1, "first", null, [1]);

        var refused = Should.Throw<SqliteException>(() => Row(insert, 1, "again", null, [2]));
        refused.SqliteErrorCode.ShouldBe(SQLitePCL.raw.SQLITE_CONSTRAINT);
        refused.Message.ShouldContain("UNIQUE constraint failed: t.id");

        Row(insert, 2, "second", "after", [3]);
        Read(2).ShouldBe("second|after|03");
    }

    [Fact]
    public void A_parameter_the_statement_does_not_have_is_named_when_preparing()
    {
        var wrong = new SqlStatement("INSERT INTO t (id, name) VALUES (@id, @name)", "@id", "@nmae");

        Should.Throw<ArgumentException>(() => new PreparedStatement(_connection.Handle!, wrong)).Message.ShouldContain("@nmae");
    }

    [Fact]
    public void A_scalar_answers_its_integer_each_time_it_runs_and_a_statement_without_a_row_is_refused()
    {
        using var count = new PreparedStatement(_connection.Handle!, new SqlStatement("SELECT count(*) FROM t"));
        using var insert = new PreparedStatement(_connection.Handle!, Insert);
        count.ExecuteScalarInt64().ShouldBe(0);
        Row(insert, 1, "first", null, [1]);
        count.ExecuteScalarInt64().ShouldBe(1);

        using var noRow = new PreparedStatement(_connection.Handle!, new SqlStatement("DELETE FROM t WHERE id = 99"));
        Should.Throw<SqliteException>(() => noRow.ExecuteScalarInt64()).Message.ShouldContain("should have answered a row");
        Should.Throw<SqliteException>(() => noRow.ExecuteScalarInt64()).Message.ShouldContain("should have answered a row");
        count.ExecuteScalarInt64().ShouldBe(1);
    }

    [Fact]
    public void A_statement_sqlite_refuses_is_reset_and_runs_again_once_it_can()
    {
        using var begin = new PreparedStatement(_connection.Handle!, new SqlStatement("BEGIN IMMEDIATE"));
        using var commit = new PreparedStatement(_connection.Handle!, new SqlStatement("COMMIT"));
        begin.ExecuteNonQuery();

        Should.Throw<SqliteException>(() => begin.ExecuteNonQuery()).Message.ShouldContain("within a transaction");
        commit.ExecuteNonQuery();
        begin.ExecuteNonQuery();
        commit.ExecuteNonQuery();
    }

    private static void Row(PreparedStatement insert, long id, string name, string? note, byte[] data)
    {
        insert.Bind("@id", id);
        insert.Bind("@name", name);
        insert.Bind("@note", note);
        insert.BindBlob("@data", data);
        insert.ExecuteNonQuery();
    }

    /// <summary>The row as <c>name|note|data in hex</c>, with NULL for a null note.</summary>
    private string Read(long id)
    {
        using var select = _connection.CreateCommand();
        select.CommandText = "SELECT name, note, data FROM t WHERE id = @id";
        select.Parameters.AddWithValue("@id", id);
        using var reader = select.ExecuteReader();
        reader.Read().ShouldBeTrue();
        var note = reader.IsDBNull(1) ? "NULL" : reader.GetString(1);
        return $"{reader.GetString(0)}|{note}|{Convert.ToHexString(reader.GetFieldValue<byte[]>(2))}";
    }
}
