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
    public const string Seq = "@seq";
    public const string PrevHash = "@prev_hash";
    public const string Hash = "@hash";
    public const string AfterSeq = "@after_seq";
    public const string Limit = "@limit";
    public const string Since = "@since";
    public const string Until = "@until";
    public const string StreamPrefix = "@stream_";

    /// <summary>The columns every read selects, in the order <see cref="AuditRecordReader"/> reads them.</summary>
    public const string RecordColumns = "seq, stream, stream_version, kind, actor, data, at, prev_hash, hash";

    private const string StreamMatches = $"tenant = {Tenant} AND stream = {Stream}";

    /// <summary>
    /// Appends at the seq, version and chain link the writer computed from <see cref="Head"/> in the same transaction.
    /// A plain INSERT ... VALUES: the INSERT ... SELECT form that checks the head in SQL costs several times more per row.
    /// </summary>
    public static readonly SqlStatement Append = new(
        $"""
        INSERT INTO audit_log (seq, tenant, stream, stream_version, kind, actor, data, at, prev_hash, hash)
        VALUES ({Seq}, {Tenant}, {Stream}, {StreamVersion}, {Kind}, {Actor}, {Data}, {At}, {PrevHash}, {Hash})
        """,
        Seq, Tenant, Stream, StreamVersion, Kind, Actor, Data, At, PrevHash, Hash);

    /// <summary>
    /// Everything an append needs, in one statement: the stream's current version (0 when empty), the hash of the
    /// tenant's newest record (null when it has none: the chain starts at genesis), and the next seq. The next seq
    /// is taken above both sqlite_sequence and the table's largest seq, so that, as with AUTOINCREMENT, no seq is
    /// ever reused; the writer supplies it because the hash covers it.
    /// </summary>
    public static readonly SqlStatement Head = new(
        $"""
        SELECT COALESCE((SELECT MAX(stream_version) FROM audit_log WHERE {StreamMatches}), 0),
               (SELECT hash FROM audit_log WHERE tenant = {Tenant} ORDER BY seq DESC LIMIT 1),
               MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'), 0),
                   COALESCE((SELECT MAX(seq) FROM audit_log), 0)) + 1
        """,
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

    /// <summary>
    /// The tenant-wide query: a walk of the (tenant, seq) index from the cursor, filtered. A null filter parameter
    /// matches every record; the stream filter is appended by <see cref="AuditQuerySql"/>.
    /// </summary>
    public const string QueryPrefix =
        $"SELECT {RecordColumns} FROM audit_log WHERE tenant = {Tenant} AND seq > {AfterSeq} " +
        $"AND ({Kind} IS NULL OR kind = {Kind}) AND ({Actor} IS NULL OR actor = {Actor}) " +
        $"AND ({Since} IS NULL OR at >= {Since}) AND ({Until} IS NULL OR at < {Until})";

    public const string QuerySuffix = $" ORDER BY seq LIMIT {Limit}";

    /// <summary>The rows the chain does not cover yet, oldest first per tenant: written before the chain existed.</summary>
    public const string Unchained =
        "SELECT seq, tenant, stream, stream_version, kind, actor, data, at FROM audit_log WHERE hash IS NULL ORDER BY tenant, seq LIMIT @limit";

    /// <summary>The hash of the tenant's newest chained record below <see cref="Seq"/>, or no row.</summary>
    public const string ChainedBefore =
        $"SELECT hash FROM audit_log WHERE tenant = {Tenant} AND seq < {Seq} AND hash IS NOT NULL ORDER BY seq DESC LIMIT 1";

    public const string SetHashes = $"UPDATE audit_log SET prev_hash = {PrevHash}, hash = {Hash} WHERE seq = {Seq}";
}
