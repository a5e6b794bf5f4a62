using Beach.Actors.Sqlite.Writing;

namespace Beach.Actors.Sqlite.Audit;

/// <summary>
/// The audit log's heads as the writer last committed them: the next seq, each tenant's newest hash and each stream's
/// version, so an append needs no read before its insert. Only <see cref="AuditAppend"/> on the writer's thread uses it.
/// </summary>
/// <remarks>
/// Bounded: past <see cref="MAX_STREAMS"/> streams or <see cref="MAX_TENANTS"/> tenants it forgets everything and
/// fills again from the database, one head read per stream or tenant written next.
/// </remarks>
internal sealed class AuditHeads : IWriterMemory
{
    /// <summary>Streams remembered at most; each entry keeps its tenant and stream strings alive.</summary>
    public const int MAX_STREAMS = 65_536;

    /// <summary>Tenants remembered at most.</summary>
    public const int MAX_TENANTS = 4_096;

    private readonly Dictionary<(string Tenant, string Stream), long> _streamVersions = [];
    private readonly Dictionary<string, string> _tenantHashes = new(StringComparer.Ordinal);
    private long _nextSeq;

    /// <summary>Everything one append needs, when all of it is remembered.</summary>
    public bool TryGet(string tenant, string stream, out long streamVersion, out string chainHead, out long nextSeq)
    {
        nextSeq = _nextSeq;
        chainHead = "";
        streamVersion = 0;
        return nextSeq != 0
            && _tenantHashes.TryGetValue(tenant, out chainHead!)
            && _streamVersions.TryGetValue((tenant, stream), out streamVersion);
    }

    /// <summary>Remembers the heads an append read from the database, or the ones its insert made.</summary>
    public void Set(string tenant, string stream, long streamVersion, string chainHead, long nextSeq)
    {
        if (_streamVersions.Count >= MAX_STREAMS && !_streamVersions.ContainsKey((tenant, stream))
            || _tenantHashes.Count >= MAX_TENANTS && !_tenantHashes.ContainsKey(tenant))
        {
            Forget();
        }

        _streamVersions[(tenant, stream)] = streamVersion;
        _tenantHashes[tenant] = chainHead;
        _nextSeq = nextSeq;
    }

    public void Forget()
    {
        _streamVersions.Clear();
        _tenantHashes.Clear();
        _nextSeq = 0;
    }
}
