namespace Beach.Actors.Audit;

/// <summary>Why a record does not fit its tenant's hash chain.</summary>
public enum AuditChainBreakReason
{
    /// <summary>The record's fields do not hash to its <see cref="AuditRecord.Hash"/>: the record was changed.</summary>
    HashMismatch,

    /// <summary>
    /// The record's <see cref="AuditRecord.PrevHash"/> is not the hash of the record before it: a record in between
    /// was removed or inserted, or the records were reordered.
    /// </summary>
    BrokenLink,

    /// <summary>The record's seq does not rise above the previous record's: the log is not in seq order.</summary>
    OutOfOrder,

    /// <summary>The record's stream version does not follow its stream's previous record: a record of the stream is missing.</summary>
    StreamVersionGap,

    /// <summary>The record belongs to another tenant than the chain being verified.</summary>
    WrongTenant,
}

/// <summary>The first record that does not fit the chain, and why.</summary>
/// <param name="Seq">The record's sequence number.</param>
/// <param name="Stream">The record's stream.</param>
/// <param name="StreamVersion">The record's version within its stream.</param>
/// <param name="Reason">What does not match.</param>
/// <param name="Expected">What the chain says the checked value should be (a hash, a seq or a version).</param>
/// <param name="Actual">What the record holds instead.</param>
public sealed record AuditChainBreak(long Seq, string Stream, long StreamVersion, AuditChainBreakReason Reason, string Expected, string Actual)
{
    /// <summary>One sentence naming the record and what is wrong with it.</summary>
    public string Describe() => Reason switch
    {
        AuditChainBreakReason.HashMismatch =>
            $"record seq {Seq} ({Stream} v{StreamVersion}) was changed: its fields hash to {Expected}, it claims {Actual}",
        AuditChainBreakReason.BrokenLink =>
            $"record seq {Seq} ({Stream} v{StreamVersion}) does not link to the record before it: prev_hash is {Actual}, the previous hash is {Expected}",
        AuditChainBreakReason.OutOfOrder =>
            $"record seq {Seq} ({Stream} v{StreamVersion}) is out of order: seq must be above {Expected}",
        AuditChainBreakReason.StreamVersionGap =>
            $"record seq {Seq} ({Stream} v{StreamVersion}) leaves a gap in its stream: expected version {Expected}",
        AuditChainBreakReason.WrongTenant =>
            $"record seq {Seq} ({Stream} v{StreamVersion}) belongs to tenant '{Actual}', not '{Expected}'",
        _ => $"record seq {Seq} ({Stream} v{StreamVersion}): {Reason}",
    };
}
