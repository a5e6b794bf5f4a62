namespace Beach.Actors.Postgres.Persistence;

/// <summary>
/// The statements behind <see cref="PostgresGrainStorage"/>, against the <c>grain_state</c> table. $1–$3 are always
/// grain type, grain key and state name.
/// </summary>
internal static class GrainStateSql
{
    private const string RowMatches = "grain_type = $1 AND grain_key = $2 AND state_name = $3";

    public const string Read = $"SELECT etag, payload::text FROM grain_state WHERE {RowMatches}";

    public const string StoredEtag = $"SELECT etag FROM grain_state WHERE {RowMatches}";

    /// <summary>Writes the first version; returns no row when a version is stored already. $4 tenant, $5 payload, $6 time.</summary>
    public const string Insert = """
        INSERT INTO grain_state (grain_type, grain_key, state_name, tenant, etag, payload, updated_at)
        VALUES ($1, $2, $3, $4, nextval('grain_state_etag'), $5, $6)
        ON CONFLICT DO NOTHING
        RETURNING etag
        """;

    /// <summary>Replaces the version named by $4; returns no row when another is stored. $5 payload, $6 time.</summary>
    public const string Update = $"""
        UPDATE grain_state SET etag = nextval('grain_state_etag'), payload = $5, updated_at = $6
        WHERE {RowMatches} AND etag = $4
        RETURNING etag
        """;

    /// <summary>Deletes the version named by $4; returns no row when another is stored.</summary>
    public const string Delete = $"DELETE FROM grain_state WHERE {RowMatches} AND etag = $4 RETURNING etag";
}
