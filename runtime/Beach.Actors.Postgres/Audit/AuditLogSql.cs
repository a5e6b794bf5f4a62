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

    /// <summary>
    /// Locks the tenant's chain head ($1 tenant) until the transaction ends and reads it: the newest chained seq and
    /// hash, created at (0, genesis) for a tenant's first append. The no-op update is what takes the row lock and
    /// returns the row whether it was just inserted or already there; a writer that waited reads the head its
    /// predecessor committed. Tenants are locked in one fixed order, after the stream locks, so writers never wait in
    /// a cycle.
    /// </summary>
    public const string LockChainHead = """
        INSERT INTO audit_chain_head AS h (tenant, seq, hash) VALUES ($1, 0, decode(repeat('00', 32), 'hex'))
        ON CONFLICT (tenant) DO UPDATE SET seq = h.seq
        RETURNING h.seq, h.hash
        """;

    /// <summary>
    /// Draws $1 seqs for a tenant's appends. Drawn after the chain head is locked, so they exceed every seq of the
    /// tenant's earlier batches; the ones a batch does not use (refused appends) stay gaps, as rolled-back seqs do.
    /// </summary>
    public const string DrawSeqs = "SELECT nextval(pg_get_serial_sequence('audit_log', 'seq')) FROM generate_series(1, $1)";

    /// <summary>Each stream's version ($1 tenant, $2 its streams): 0 for an empty stream.</summary>
    public const string Heads = """
        SELECT s, COALESCE((SELECT a.stream_version FROM audit_log a
                            WHERE a.tenant = $1 AND a.stream = s
                            ORDER BY a.stream_version DESC LIMIT 1), 0)
        FROM unnest($2::text[]) AS s
        """;

    /// <summary>
    /// Appends a tenant's accepted entries in one statement at the seqs and chain links the writer computed: $1 tenant,
    /// $2 seqs, $3 streams, $4 versions, $5 kinds, $6 actors, $7 data, $8 times, $9 previous hashes and $10 hashes in hex.
    /// </summary>
    public const string Append = """
        INSERT INTO audit_log (seq, tenant, stream, stream_version, kind, actor, data, at, prev_hash, hash) OVERRIDING SYSTEM VALUE
        SELECT q, $1, s, v, k, a, d::json, at, decode(p, 'hex'), decode(h, 'hex')
        FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[], $10::text[])
             AS x(q, s, v, k, a, d, at, p, h)
        """;

    /// <summary>Moves the tenant's chain head ($1) to its newest record: $2 seq, $3 hash in hex.</summary>
    public const string MoveChainHead = "UPDATE audit_chain_head SET seq = $2, hash = decode($3, 'hex') WHERE tenant = $1";

    /// <summary>The columns every read selects, in the order <see cref="AuditRecordReader"/> reads them.</summary>
    public const string RecordColumns = "seq, stream, stream_version, kind, actor, data::text, at, prev_hash, hash";

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

    /// <summary>
    /// The tenant-wide query, a walk of the (tenant, seq) index from the cursor: $1 tenant, $2 after seq, $3 streams,
    /// $4 kind, $5 actor, $6 since, $7 until (a null filter matches every record), $8 limit.
    /// </summary>
    public const string Query = $"""
        SELECT {RecordColumns} FROM audit_log
        WHERE tenant = $1 AND seq > $2
          AND ($3::text[] IS NULL OR stream = ANY ($3::text[]))
          AND ($4::text IS NULL OR kind = $4::text)
          AND ($5::text IS NULL OR actor = $5::text)
          AND ($6::timestamptz IS NULL OR at >= $6::timestamptz)
          AND ($7::timestamptz IS NULL OR at < $7::timestamptz)
        ORDER BY seq LIMIT $8
        """;
}
