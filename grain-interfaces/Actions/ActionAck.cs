using System.Collections.Immutable;

namespace Beach.Actors.Actions;

/// <summary>The harness's answer for one delivered action.</summary>
/// <param name="Seq">The action's sequence number.</param>
/// <param name="Status">How it went.</param>
/// <param name="Error">Why it failed or was refused, if it did.</param>
[Immutable]
public sealed record ActionAck(long Seq, ActionAckStatus Status, string? Error);

/// <summary>How applying an action went, as the harness reports it.</summary>
public enum ActionAckStatus
{
    /// <summary>Applied.</summary>
    Ok,

    /// <summary>Tried and failed.</summary>
    Failed,

    /// <summary>Not applied on purpose, for example because its fencing token was stale.</summary>
    Rejected,
}

/// <summary>What became of each ack, in the order given.</summary>
[Immutable]
public sealed record AckResult(ImmutableArray<AckOutcome> Outcomes, int QueueDepth);

/// <summary>
/// One ack's outcome: <see cref="AckOutcomeKind.Acked"/> with the action's latencies, <see cref="AckOutcomeKind.Duplicate"/>
/// for an action acked before (a retried ack), or <see cref="AckOutcomeKind.Unknown"/> for a sequence number the session never
/// delivered or already cancelled.
/// </summary>
/// <param name="Seq">The action.</param>
/// <param name="Outcome">What the session did with the ack.</param>
/// <param name="DeliveryLatency">From accepted to first delivered, for an acked action.</param>
/// <param name="AckLatency">From last delivered to acked, for an acked action.</param>
[Immutable]
public sealed record AckOutcome(long Seq, AckOutcomeKind Outcome, TimeSpan? DeliveryLatency, TimeSpan? AckLatency);

/// <summary>See <see cref="AckOutcome"/>.</summary>
public enum AckOutcomeKind
{
    /// <summary>Recorded now.</summary>
    Acked,

    /// <summary>Already recorded.</summary>
    Duplicate,

    /// <summary>No such delivered action.</summary>
    Unknown,
}
