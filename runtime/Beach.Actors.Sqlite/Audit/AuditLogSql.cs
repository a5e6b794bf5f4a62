using Beach.Actors.Sqlite.Writing;

namespace Beach.Actors.Sqlite.Audit;

/// <summary>The statements behind <see cref="SqliteAuditLog"/>, against the <c>audit_log</c> table.</summary>
internal static class AuditLogSql
{
    public const string Tenant = "@tenant";
    public const string Stream = "@stream";
    public const string Kind = "@kind";
    public const string Actor = "@actor";
    public const string Data = "@data";
    public const string At = "@at";
    public const string StreamVersion = "@stream_version";
    public const string AfterSeq = "@after_seq";
    public const string Limit = "@limit";

    private const string StreamMatches = $"tenant = {Tenant} AND stream = {Stream}";
    private const string RecordColumns = "seq, stream_version, kind, actor, data, at";

    /// <summary>
    /// Appends at a version the writer computed from <see cref="Head"/> in the same transaction. A plain INSERT ...
    /// VALUES: the INSERT ... SELECT form that checks the head in SQL costs several times more per row.
    /// </summary>
    public static readonly SqlStatement Append = new(
        $"""
        INSERT INTO audit_log (tenant, stream, stream_version, kind, actor, data, at)
        VALUES ({Tenant}, {Stream}, {StreamVersion}, {Kind}, {Actor}, {Data}, {At})
        RETURNING seq
        """,
        Tenant, Stream, StreamVersion, Kind, Actor, Data, At);

    /// <summary>The stream's current version: that of its newest record, or 0 when it is empty.</summary>
    public static readonly SqlStatement Head = new(
        $"SELECT COALESCE(MAX(stream_version), 0) FROM audit_log WHERE {StreamMatches}",
        Tenant, Stream);

    /// <summary>
    /// The stream version of the record at cursor <see cref="AfterSeq"/>, so a page starts with one seek in the unique
    /// (tenant, stream, stream_version) index; 0 when the cursor is 0 or names no record of this stream, and then
    /// <c>seq &gt; AfterSeq</c> alone picks the records.
    /// </summary>
    private const string CursorVersion =
        $"COALESCE((SELECT stream_version FROM audit_log WHERE seq = {AfterSeq} AND {StreamMatches}), 0)";

    public const string ReadStream =
        $"SELECT {RecordColumns} FROM audit_log WHERE {StreamMatches} AND stream_version > {CursorVersion} AND seq > {AfterSeq} " +
        $"ORDER BY stream_version LIMIT {Limit}";

    public const string ReadLast =
        $"SELECT {RecordColumns} FROM audit_log WHERE {StreamMatches} ORDER BY stream_version DESC LIMIT 1";
}
