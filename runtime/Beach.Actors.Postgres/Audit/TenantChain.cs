namespace Beach.Actors.Postgres.Audit;

/// <summary>
/// One tenant's share of a commit batch: its appends in queue order, and once its chain head is locked, the head
/// and the seqs drawn for it. Used only on the writer's loop.
/// </summary>
internal sealed class TenantChain(string tenant, List<AuditAppend> appends)
{
    private readonly List<long> _seqs = new(appends.Count);

    public string Tenant { get; } = tenant;

    public List<AuditAppend> Appends { get; } = appends;

    /// <summary>The hash of the tenant's newest chained record, as locked in this batch's transaction.</summary>
    public string HeadHash { get; set; } = Beach.Actors.Audit.AuditChain.GENESIS_HASH;

    public void AddDrawnSeq(long seq) => _seqs.Add(seq);

    /// <summary>
    /// Gives the accepted appends, in queue order, the drawn seqs in ascending order and their links of the chain from
    /// <see cref="HeadHash"/>; returns them (empty when every append was refused). Afterwards HeadHash is the new head.
    /// </summary>
    public List<AuditAppend> ChainAccepted()
    {
        var accepted = Appends.Where(append => append.IsAccepted).ToList();
        _seqs.Sort();
        for (var i = 0; i < accepted.Count; i++)
        {
            HeadHash = accepted[i].Chain(_seqs[i], HeadHash);
        }

        return accepted;
    }
}
