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
    public const string ExpectedVersion = "@expected_version";
    public const string AfterSeq = "@after_seq";
    public const string Limit = "@limit";

    private const string StreamMatches = $"tenant = {Tenant} AND stream = {Stream}";
    private const string StreamHead = $"SELECT COALESCE(MAX(stream_version), 0) AS version FROM audit_log WHERE {StreamMatches}";
    private const string RecordColumns = "seq, stream_version, kind, actor, data, at";

    /// <summary>
    /// Appends at the stream's head + 1, computed inside the writer's transaction, and only when the head is the
    /// expected version (if one is given): no row returned means the stream moved on.
    /// </summary>
    public static readonly SqlStatement Append = new(
        $"""
        INSERT INTO audit_log (tenant, stream, stream_version, kind, actor, data, at)
        SELECT {Tenant}, {Stream}, head.version + 1, {Kind}, {Actor}, {Data}, {At}
        FROM ({StreamHead}) AS head
        WHERE {ExpectedVersion} IS NULL OR head.version = {ExpectedVersion}
        RETURNING seq, stream_version
        """,
        Tenant, Stream, Kind, Actor, Data, At, ExpectedVersion);

    public static readonly SqlStatement Head = new(StreamHead, Tenant, Stream);

    public const string ReadStream =
        $"SELECT {RecordColumns} FROM audit_log WHERE {StreamMatches} AND seq > {AfterSeq} ORDER BY seq LIMIT {Limit}";

    public const string ReadLast =
        $"SELECT {RecordColumns} FROM audit_log WHERE {StreamMatches} ORDER BY seq DESC LIMIT 1";
}
