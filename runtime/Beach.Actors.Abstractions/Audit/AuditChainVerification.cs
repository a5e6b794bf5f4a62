namespace Beach.Actors.Audit;

/// <summary>The outcome of walking a tenant's chain.</summary>
/// <param name="Tenant">The tenant whose chain was walked.</param>
/// <param name="RecordsChecked">How many records were checked, up to and including the first break.</param>
/// <param name="HeadHash">The hash of the last record that fit the chain (<see cref="AuditChain.GENESIS_HASH"/> when none did).</param>
/// <param name="FirstBreak">The first record that does not fit, or null when every record did.</param>
public sealed record AuditChainVerification(string Tenant, long RecordsChecked, string HeadHash, AuditChainBreak? FirstBreak)
{
    /// <summary>Whether every record fit the chain.</summary>
    public bool IsIntact => FirstBreak is null;
}
