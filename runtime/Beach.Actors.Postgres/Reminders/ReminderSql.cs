namespace Beach.Actors.Postgres.Reminders;

/// <summary>The statements behind <see cref="PostgresReminderTable"/>, against the <c>reminders</c> table.</summary>
internal static class ReminderSql
{
    private const string Columns = "grain_type, grain_key, name, start_at, period_ms, etag";

    /// <summary>$1 grain type, $2 grain key.</summary>
    public const string ReadGrain = $"SELECT {Columns} FROM reminders WHERE grain_type = $1 AND grain_key = $2";

    /// <summary>$1 grain type, $2 grain key, $3 name.</summary>
    public const string ReadOne = $"{ReadGrain} AND name = $3";

    /// <summary>The ring range ($1, $2] when $1 &lt; $2.</summary>
    public const string ReadRange = $"SELECT {Columns} FROM reminders WHERE grain_hash > $1 AND grain_hash <= $2";

    /// <summary>The ring range ($1, $2] that wraps around zero, when $1 ≥ $2 (with $1 = $2 the whole ring).</summary>
    public const string ReadWrappedRange = $"SELECT {Columns} FROM reminders WHERE grain_hash > $1 OR grain_hash <= $2";

    /// <summary>$1–$3 the row, $4 tenant, $5 grain hash, $6 start, $7 period in ms; returns the new ETag.</summary>
    public const string Upsert = """
        INSERT INTO reminders (grain_type, grain_key, name, tenant, grain_hash, start_at, period_ms, etag)
        VALUES ($1, $2, $3, $4, $5, $6, $7, nextval('reminder_etag'))
        ON CONFLICT (grain_type, grain_key, name)
        DO UPDATE SET start_at = excluded.start_at, period_ms = excluded.period_ms, etag = excluded.etag
        RETURNING etag
        """;

    /// <summary>$1–$3 the row, $4 the ETag it must still have.</summary>
    public const string Remove = "DELETE FROM reminders WHERE grain_type = $1 AND grain_key = $2 AND name = $3 AND etag = $4";
}
