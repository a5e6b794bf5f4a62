using Beach.Actors.Sqlite.Writing;

namespace Beach.Actors.Sqlite.Reminders;

/// <summary>The reminder table's statements and parameter names.</summary>
internal static class ReminderSql
{
    public const string GrainType = "@grain_type";
    public const string GrainKey = "@grain_key";
    public const string Name = "@name";
    public const string GrainHash = "@grain_hash";
    public const string StartAt = "@start_at";
    public const string PeriodMs = "@period_ms";
    public const string Etag = "@etag";
    public const string Begin = "@begin";
    public const string End = "@end";

    private const string Columns = "grain_type, grain_key, name, start_at, period_ms, etag";

    public const string ReadGrain = $"SELECT {Columns} FROM reminders WHERE grain_type = {GrainType} AND grain_key = {GrainKey}";

    public const string ReadOne = $"{ReadGrain} AND name = {Name}";

    public const string ReadRange = $"SELECT {Columns} FROM reminders WHERE grain_hash > {Begin} AND grain_hash <= {End}";

    public const string ReadWrappedRange = $"SELECT {Columns} FROM reminders WHERE grain_hash > {Begin} OR grain_hash <= {End}";

    public static readonly SqlStatement NextEtag = new("UPDATE reminder_version SET value = value + 1 RETURNING value");

    public static readonly SqlStatement Upsert = new(
        $"""
        INSERT INTO reminders (grain_type, grain_key, name, grain_hash, start_at, period_ms, etag)
        VALUES ({GrainType}, {GrainKey}, {Name}, {GrainHash}, {StartAt}, {PeriodMs}, {Etag})
        ON CONFLICT (grain_type, grain_key, name)
        DO UPDATE SET start_at = excluded.start_at, period_ms = excluded.period_ms, etag = excluded.etag
        """,
        GrainType, GrainKey, Name, GrainHash, StartAt, PeriodMs, Etag);

    public static readonly SqlStatement Remove = new(
        $"DELETE FROM reminders WHERE grain_type = {GrainType} AND grain_key = {GrainKey} AND name = {Name} AND etag = {Etag}",
        GrainType, GrainKey, Name, Etag);
}
