using Npgsql;

namespace Beach.Actors.Postgres.Sql;

/// <summary>Builds batch commands with positional parameters (<c>$1, $2, …</c>), typed so Npgsql never guesses.</summary>
internal static class Positional
{
    public static NpgsqlParameter<T> Value<T>(T value) => new() { TypedValue = value };

    public static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
