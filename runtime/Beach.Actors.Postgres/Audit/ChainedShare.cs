using Beach.Actors.Audit;
using Beach.Actors.Postgres.Sql;
using Npgsql;

namespace Beach.Actors.Postgres.Audit;

/// <summary>
/// One tenant's share of a batch, decided and chained by the writer from what its <see cref="AuditChainCache"/>
/// knows: each append gets its stream's next version, or is refused at the version known, and the accepted ones are
/// chained from the known head with seqs from the <see cref="AuditSeqReserve"/>. Nothing is published until the
/// batch committed and <see cref="AuditLogSql.AppendChained"/> said the head had not moved; then
/// <see cref="Apply"/> hands each append its outcome and the cache its new head.
/// </summary>
internal sealed class ChainedShare
{
    private readonly List<AuditAppend> _appends;
    private readonly AuditRecord?[] _records;
    private readonly long[] _refusedAt;
    private readonly Dictionary<string, long> _versions = new(StringComparer.Ordinal);

    private ChainedShare(string tenant, List<AuditAppend> appends, AuditChainCache.TenantChain known)
    {
        Tenant = tenant;
        _appends = appends;
        _records = new AuditRecord?[appends.Count];
        _refusedAt = new long[appends.Count];
        After = known.HeadHash;
        AfterSeq = known.HeadSeq;
    }

    public string Tenant { get; }

    /// <summary>The head this share chains from.</summary>
    public string After { get; }

    /// <summary>The seq of that head.</summary>
    public long AfterSeq { get; }

    /// <summary>How many appends the share may accept at most: the seqs it needs.</summary>
    public int Count => _appends.Count;

    /// <summary>
    /// The share chained from <paramref name="known"/>, when the writer knows the tenant's head and the version of
    /// every stream the appends name; otherwise null (the server decides them: <c>beach_audit_append</c>).
    /// </summary>
    public static ChainedShare? Plan(string tenant, List<AuditAppend> appends, AuditChainCache.TenantChain? known)
    {
        if (known is null || appends.Any(append => !known.Versions.ContainsKey(append.Entry.Stream)))
        {
            return null;
        }

        return new ChainedShare(tenant, appends, known);
    }

    /// <summary>Decides and chains every append, drawing seqs in order from <paramref name="seqs"/>.</summary>
    public void Chain(AuditChainCache.TenantChain known, AuditSeqReserve seqs)
    {
        var head = After;
        for (var i = 0; i < _appends.Count; i++)
        {
            var append = _appends[i];
            var entry = append.Entry;
            var version = _versions.TryGetValue(entry.Stream, out var decided) ? decided : known.Versions[entry.Stream];
            if (entry.ExpectedVersion is { } expected && expected != version)
            {
                _refusedAt[i] = version;
                continue;
            }

            version++;
            _versions[entry.Stream] = version;
            var seq = seqs.Take();
            var hash = AuditChain.ComputeHash(entry.Tenant, seq, entry.Stream, version, entry.Kind, entry.Actor, entry.Data, append.At, head);
            _records[i] = new AuditRecord(seq, entry.Tenant, entry.Stream, version, entry.Kind, entry.Actor, entry.Data, append.At, head, hash);
            head = hash;
        }
    }

    /// <summary>The head-checked insert of the accepted appends (<see cref="AuditLogSql.AppendChained"/>).</summary>
    public NpgsqlBatchCommand Command()
    {
        var accepted = _records.Where(record => record is not null).Select(record => record!).ToList();
        var last = accepted.Count == 0 ? null : accepted[^1];
        return Positional.Command(AuditLogSql.AppendChained,
            Positional.Value(Tenant),
            Positional.Value(Convert.FromHexString(After)),
            new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint, Value = accepted.Count == 0 ? DBNull.Value : accepted[0].Seq },
            Positional.Value(last?.Seq ?? AfterSeq),
            Positional.Value(Convert.FromHexString(last?.Hash ?? After)),
            Positional.Value(accepted.Select(record => record.Seq).ToArray()),
            Positional.Value(accepted.Select(record => record.Stream).ToArray()),
            Positional.Value(accepted.Select(record => record.StreamVersion).ToArray()),
            Positional.Value(accepted.Select(record => record.Kind).ToArray()),
            Positional.Value(accepted.Select(record => record.Actor).ToArray()),
            Positional.Value(accepted.Select(record => record.Data).ToArray()),
            Positional.Value(accepted.Select(record => record.At.UtcDateTime).ToArray()),
            Positional.Value(accepted.Select(record => Convert.FromHexString(record.PrevHash)).ToArray()),
            Positional.Value(accepted.Select(record => Convert.FromHexString(record.Hash)).ToArray()));
    }

    /// <summary>After the commit, when the head had not moved: every append's outcome, and the cache's new head.</summary>
    public void Apply(AuditChainCache cache)
    {
        for (var i = 0; i < _appends.Count; i++)
        {
            if (_records[i] is { } record)
            {
                _appends[i].Accept(record.Seq, record.StreamVersion, record.PrevHash, record.Hash);
            }
            else
            {
                _appends[i].Reject(AuditGroupCommitWriter.StaleVersion(_appends[i].Entry, _refusedAt[i]));
            }
        }

        var last = _records.LastOrDefault(record => record is not null);
        cache.Learn(Tenant, After, last?.Seq ?? AfterSeq, last?.Hash ?? After, _versions);
    }
}
