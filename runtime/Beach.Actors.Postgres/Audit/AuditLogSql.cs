namespace Beach.Actors.Postgres.Audit;

/// <summary>The statements behind <see cref="PostgresAuditLog"/>, against the <c>audit_log</c> table.</summary>
internal static class AuditLogSql
{
    /// <summary>
    /// The advisory lock key of a stream, which serializes appends to it across silos: $1 tenant, $2 stream. Keys that
    /// collide only serialize two streams that need not be.
    /// </summary>
    public const string StreamLockKey = "hashtextextended($1 || chr(31) || $2, 0)";

    /// <summary>
    /// Takes the stream locks of a whole batch ($1 tenants, $2 streams, pairwise) in key order, so that two writers
    /// whose batches share streams never wait for each other in a cycle. Held until the transaction ends.
    /// </summary>
    public const string LockStreams = """
        SELECT pg_advisory_xact_lock(k)
        FROM (SELECT DISTINCT hashtextextended(t || chr(31) || s, 0) AS k FROM unnest($1::text[], $2::text[]) AS x(t, s) ORDER BY k) AS keys
        """;

    /// <summary>Each stream's version ($1 tenant, $2 its streams): 0 for an empty stream.</summary>
    public const string Heads = """
        SELECT s, COALESCE((SELECT a.stream_version FROM audit_log a
                            WHERE a.tenant = $1 AND a.stream = s
                            ORDER BY a.stream_version DESC LIMIT 1), 0)
        FROM unnest($2::text[]) AS s
        """;

    /// <summary>
    /// Appends a tenant's accepted entries in one statement, in the order given, so seq rises with stream_version:
    /// $1 tenant, $2 streams, $3 versions, $4 kinds, $5 actors, $6 data, $7 times.
    /// </summary>
    public const string Append = """
        INSERT INTO audit_log (tenant, stream, stream_version, kind, actor, data, at)
        SELECT $1, s, v, k, a, d::json, at
        FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) WITH ORDINALITY AS x(s, v, k, a, d, at, n)
        ORDER BY n
        RETURNING seq, stream, stream_version
        """;

    private const string RecordColumns = "seq, stream_version, kind, actor, data::text, at";
    private const string StreamMatches = "tenant = $1 AND stream = $2";

    /// <summary>
    /// $3 after seq, $4 limit. The stream version of the record at the cursor lets the page start with one seek in the
    /// unique (tenant, stream, stream_version) index; 0 when the cursor names no record of this stream.
    /// </summary>
    public const string ReadStream = $"""
        SELECT {RecordColumns} FROM audit_log
        WHERE {StreamMatches} AND seq > $3
          AND stream_version > COALESCE((SELECT stream_version FROM audit_log WHERE seq = $3 AND {StreamMatches}), 0)
        ORDER BY stream_version LIMIT $4
        """;

    public const string ReadLast = $"SELECT {RecordColumns} FROM audit_log WHERE {StreamMatches} ORDER BY stream_version DESC LIMIT 1";
}
