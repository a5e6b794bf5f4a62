namespace Beach.Actors.Postgres.Audit;

/// <summary>The statements behind <see cref="PostgresAuditLog"/>, against the <c>audit_log</c> table.</summary>
internal static class AuditLogSql
{
    /// <summary>
    /// The advisory lock key of a stream ($1 tenant, $2 stream), as <c>beach_audit_append</c> takes it for each stream
    /// of a batch: appends to one stream never run at once. Keys that collide only serialize two streams that need not be.
    /// </summary>
    public const string StreamLockKey = "hashtextextended($1 || chr(31) || $2, 0)";

    /// <summary>
    /// One tenant's appends, in queue order, decided, chained and inserted by <c>beach_audit_append</c> (migration
    /// 0006): $1 tenant, $2 streams, $3 expected versions (NULL: any), $4 kinds, $5 actors, $6 data, $7 times. One row
    /// per append: index from 1, then seq, version, previous hash and hash when accepted, or the stream's version when
    /// refused.
    /// </summary>
    public const string AppendTenant = "SELECT idx, seq, stream_version, prev_hash, hash, current_version FROM beach_audit_append($1, $2, $3, $4, $5, $6, $7)";

    /// <summary>$1 seqs drawn from the audit log's sequence, as one array.</summary>
    public const string ReserveSeqs = """
        SELECT array_agg(nextval(q.sequence_id)) FROM (SELECT pg_get_serial_sequence('audit_log', 'seq')::regclass AS sequence_id) AS q, generate_series(1, $1)
        """;

    /// <summary>
    /// One tenant's appends as the writer decided and chained them from the head it knows: the head row moves from
    /// hash $2 (and a seq below $3, the first seq; NULL when nothing is inserted) to seq $4 and hash $5, and only then
    /// are the records inserted: $6 seqs, $7 streams, $8 versions, $9 kinds, $10 actors, $11 data, $12 times,
    /// $13 previous hashes, $14 hashes. One row: whether the head moved (0 or 1); the insert runs to completion whether
    /// or not the query reads it, as every data-modifying WITH does. When another writer appended for the
    /// tenant since the head was read, its hash differs and nothing is written. The head's row lock orders this batch
    /// after any other in flight for the tenant, which it then finds moved. The tenant's
    /// <see cref="Tenancy.TenantScope"/> command comes first.
    /// </summary>
    public const string AppendChained = """
        WITH head AS (
            UPDATE audit_chain_head AS h SET seq = $4, hash = $5
            WHERE h.tenant = $1 AND h.hash = $2 AND ($3::bigint IS NULL OR h.seq < $3::bigint)
            RETURNING 1),
        inserted AS (
            INSERT INTO audit_log (seq, tenant, stream, stream_version, kind, actor, data, at, prev_hash, hash) OVERRIDING SYSTEM VALUE
            SELECT x.q, $1, x.s, x.v, x.k, x.a, x.d::json, x.t, x.p, x.h
            FROM unnest($6::bigint[], $7::text[], $8::bigint[], $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::bytea[], $14::bytea[])
                 AS x(q, s, v, k, a, d, t, p, h)
            WHERE EXISTS (SELECT 1 FROM head)
            RETURNING 1)
        SELECT (EXISTS (SELECT 1 FROM head))::integer
        """;

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
