namespace Beach.Actors.Postgres.Membership;

/// <summary>
/// The statements behind <see cref="PostgresMembershipTable"/>. $1 is always the cluster id. A change moves the
/// cluster's version from $2 - 1 to $2 in a data-modifying CTE of the same statement; when that CTE updates no row
/// (another silo moved the version first) the change touches nothing either.
/// </summary>
internal static class MembershipSql
{
    private const string BumpVersion = """
        WITH bumped AS (
            UPDATE membership_version SET version = $2 WHERE cluster_id = $1 AND version = $2 - 1 RETURNING version
        )
        """;

    public const string EnsureVersionRow = "INSERT INTO membership_version (cluster_id, version) VALUES ($1, 0) ON CONFLICT DO NOTHING";

    /// <summary>
    /// The version and every row in one statement, hence one snapshot. A cluster never initialized reads as version 0
    /// with no rows (the outer join's single row has a null host).
    /// </summary>
    public const string ReadAll = """
        SELECT v.version, m.host, m.port, m.generation, m.status, m.name, m.gateway_port, m.started_at, m.iamalive_at,
               m.suspicions::text, m.etag
        FROM membership_version v LEFT JOIN membership m ON m.cluster_id = v.cluster_id
        WHERE v.cluster_id = $1
        """;

    /// <summary>$3–$5 the silo, $6 status, $7 name, $8 gateway port, $9 started, $10 alive, $11 suspicions.</summary>
    public const string Insert = $"""
        {BumpVersion}
        INSERT INTO membership (cluster_id, host, port, generation, status, name, gateway_port, started_at, iamalive_at, suspicions, etag)
        SELECT $1, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0 FROM bumped
        ON CONFLICT DO NOTHING
        RETURNING etag
        """;

    /// <summary>As <see cref="Insert"/>, and $12 the ETag the row must still have.</summary>
    public const string Update = $"""
        {BumpVersion}
        UPDATE membership SET status = $6, name = $7, gateway_port = $8, started_at = $9, iamalive_at = $10, suspicions = $11, etag = etag + 1
        WHERE cluster_id = $1 AND host = $3 AND port = $4 AND generation = $5 AND etag = $12 AND EXISTS (SELECT 1 FROM bumped)
        RETURNING etag
        """;

    /// <summary>$2–$4 the silo, $5 the time.</summary>
    public const string IAmAlive = "UPDATE membership SET iamalive_at = $5 WHERE cluster_id = $1 AND host = $2 AND port = $3 AND generation = $4";

    /// <summary>$2 the dead status, $3 the time before which a dead silo's row goes.</summary>
    public const string CleanupDefunct = "DELETE FROM membership WHERE cluster_id = $1 AND status = $2 AND iamalive_at < $3";
}
