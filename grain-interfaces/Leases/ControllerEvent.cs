namespace Beach.Actors.Leases;

/// <summary>What happened to a session's controller lease, as recorded in the audit log.</summary>
/// <param name="Seq">The audit log's sequence number: the cursor for reading on.</param>
/// <param name="Kind">What happened.</param>
/// <param name="ControllerId">The controller the lease belongs to.</param>
/// <param name="LeaseId">The lease.</param>
/// <param name="FencingToken">The lease's fencing token.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="ExpiresAt">When the lease expires (or expired).</param>
[Immutable]
public sealed record ControllerEvent(
    long Seq,
    ControllerEventKind Kind,
    string ControllerId,
    string LeaseId,
    long FencingToken,
    DateTimeOffset At,
    DateTimeOffset ExpiresAt);

/// <summary>The kinds of controller event.</summary>
public enum ControllerEventKind
{
    /// <summary>A lease was granted with a new fencing token.</summary>
    Granted,

    /// <summary>The holder extended its lease; the token stays.</summary>
    Renewed,

    /// <summary>The holder gave the lease up.</summary>
    Released,

    /// <summary>The lease ran past its expiry without renewal.</summary>
    Expired,
}
