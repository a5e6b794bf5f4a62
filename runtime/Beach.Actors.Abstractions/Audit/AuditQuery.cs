namespace Beach.Actors.Audit;

/// <summary>
/// Which of a tenant's records <see cref="IAuditLog.QueryAsync"/> returns: those with a seq above
/// <see cref="AfterSeq"/> that match every filter set, oldest first, at most <see cref="Limit"/>.
/// </summary>
/// <param name="Tenant">The tenant whose records are read; no query reads another tenant's.</param>
public sealed record AuditQuery(string Tenant)
{
    /// <summary>The page size when none is given.</summary>
    public const int DEFAULT_LIMIT = 100;

    /// <summary>The largest page a log returns, whatever is asked.</summary>
    public const int MAX_LIMIT = 1_000;

    /// <summary>The most streams one query may name.</summary>
    public const int MAX_STREAMS = 16;

    /// <summary>Only records of these streams (any of them), or of every stream when null.</summary>
    public IReadOnlyList<string>? Streams { get; init; }

    /// <summary>Only records of this kind, when set.</summary>
    public string? Kind { get; init; }

    /// <summary>Only records with this actor, when set.</summary>
    public string? Actor { get; init; }

    /// <summary>Only records at or after this time, when set.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only records before this time, when set.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>The cursor: only records with a seq above it.</summary>
    public long AfterSeq { get; init; }

    /// <summary>At most this many records, 1 to <see cref="MAX_LIMIT"/>.</summary>
    public int Limit { get; init; } = DEFAULT_LIMIT;

    /// <summary>Throws when the query is out of bounds; the logs call it before reading.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Tenant);
        ArgumentOutOfRangeException.ThrowIfNegative(AfterSeq);
        ArgumentOutOfRangeException.ThrowIfLessThan(Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Limit, MAX_LIMIT);
        if (Streams is { Count: > MAX_STREAMS or 0 })
        {
            throw new ArgumentOutOfRangeException(nameof(Streams), Streams.Count, $"A query names 1 to {MAX_STREAMS} streams, or none (null).");
        }
    }

    /// <summary>Whether <paramref name="record"/> passes the filters (not the cursor nor the limit).</summary>
    public bool Matches(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return string.Equals(record.Tenant, Tenant, StringComparison.Ordinal)
            && (Streams is null || Streams.Contains(record.Stream, StringComparer.Ordinal))
            && (Kind is null || string.Equals(record.Kind, Kind, StringComparison.Ordinal))
            && (Actor is null || string.Equals(record.Actor, Actor, StringComparison.Ordinal))
            && (Since is null || record.At >= Since)
            && (Until is null || record.At < Until);
    }
}
