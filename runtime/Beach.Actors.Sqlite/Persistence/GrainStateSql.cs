using Beach.Actors.Sqlite.Writing;

namespace Beach.Actors.Sqlite.Persistence;

/// <summary>The statements behind <see cref="SqliteGrainStorage"/>, against the <c>grain_state</c> table.</summary>
internal static class GrainStateSql
{
    public const string GrainType = "@grain_type";
    public const string GrainKey = "@grain_key";
    public const string StateName = "@state_name";
    public const string Etag = "@etag";
    public const string ExpectedEtag = "@expected_etag";
    public const string Payload = "@payload";
    public const string UpdatedAt = "@updated_at";

    private const string RowMatches = $"grain_type = {GrainType} AND grain_key = {GrainKey} AND state_name = {StateName}";

    public const string Read = $"SELECT etag, payload FROM grain_state WHERE {RowMatches}";

    /// <summary>Draws the next ETag; versions only grow, so no ETag is ever handed out twice.</summary>
    public static readonly SqlStatement NextEtag = new("UPDATE grain_state_version SET value = value + 1 RETURNING value");

    public static readonly SqlStatement Insert = new(
        $"""
        INSERT INTO grain_state (grain_type, grain_key, state_name, etag, payload, updated_at)
        VALUES ({GrainType}, {GrainKey}, {StateName}, {Etag}, {Payload}, {UpdatedAt})
        ON CONFLICT DO NOTHING
        """,
        GrainType, GrainKey, StateName, Etag, Payload, UpdatedAt);

    public static readonly SqlStatement Update = new(
        $"""
        UPDATE grain_state SET etag = {Etag}, payload = {Payload}, updated_at = {UpdatedAt}
        WHERE {RowMatches} AND etag = {ExpectedEtag}
        """,
        GrainType, GrainKey, StateName, Etag, Payload, UpdatedAt, ExpectedEtag);

    public static readonly SqlStatement Delete = new(
        $"DELETE FROM grain_state WHERE {RowMatches} AND etag = {ExpectedEtag}",
        GrainType, GrainKey, StateName, ExpectedEtag);

    public static readonly SqlStatement StoredEtag = new(
        $"SELECT etag FROM grain_state WHERE {RowMatches}",
        GrainType, GrainKey, StateName);
}
