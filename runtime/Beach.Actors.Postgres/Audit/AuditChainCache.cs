namespace Beach.Actors.Postgres.Audit;

/// <summary>
/// What one writer knows of the chains it appends to: per tenant, the chain head as of its own last commit and the
/// version of every stream it has seen since. The writer's loop is its only user, so it takes no lock.
/// </summary>
/// <remarks>
/// It is never trusted on its own: a batch chained from it commits only if the tenant's head row still holds the hash
/// it names (<see cref="AuditLogSql.AppendChained"/>), and that hash moves with every append by any writer, so a head
/// that still matches proves no one else appended for the tenant since, and every version here is still exact.
/// Bounded by <see cref="MAX_STREAMS"/> streams in all; when one more would not fit it forgets every tenant, whose
/// next batches then take the server's way (<c>beach_audit_append</c>) once and fill it again.
/// </remarks>
internal sealed class AuditChainCache
{
    /// <summary>The most stream versions kept, over every tenant.</summary>
    public const int MAX_STREAMS = 100_000;

    private readonly Dictionary<string, TenantChain> _tenants = new(StringComparer.Ordinal);
    private int _streams;

    /// <summary>The tenant's chain as this writer last left it, or null when it knows none.</summary>
    public TenantChain? Find(string tenant) => _tenants.GetValueOrDefault(tenant);

    /// <summary>Forgets the tenant: another writer appended for it, or an outcome is unknown.</summary>
    public void Forget(string tenant)
    {
        if (_tenants.Remove(tenant, out var chain))
        {
            _streams -= chain.Versions.Count;
        }
    }

    /// <summary>
    /// Takes what a batch committed for the tenant: its new head, and the version of each stream it touched. With
    /// <paramref name="after"/> (the head the batch chained from), the rest of what is known stays only if the batch
    /// chained from the head known; without, the tenant starts over from these versions.
    /// </summary>
    public void Learn(string tenant, string? after, long headSeq, string headHash, IEnumerable<KeyValuePair<string, long>> versions)
    {
        var known = Find(tenant);
        if (known is null || after is null || !string.Equals(known.HeadHash, after, StringComparison.Ordinal))
        {
            Forget(tenant);
            known = new TenantChain();
            _tenants[tenant] = known;
        }

        known.HeadSeq = headSeq;
        known.HeadHash = headHash;
        foreach (var (stream, version) in versions)
        {
            if (!known.Versions.ContainsKey(stream))
            {
                if (_streams >= MAX_STREAMS)
                {
                    // Full: start over with this tenant alone.
                    _tenants.Clear();
                    _streams = known.Versions.Count;
                    _tenants[tenant] = known;
                }

                _streams++;
            }

            known.Versions[stream] = version;
        }
    }

    /// <summary>One tenant's chain head and stream versions, as of this writer's last commit for it.</summary>
    internal sealed class TenantChain
    {
        public long HeadSeq { get; set; }

        public string HeadHash { get; set; } = "";

        public Dictionary<string, long> Versions { get; } = new(StringComparer.Ordinal);
    }
}
