namespace Beach.Actors.Leases;

/// <summary>What happened to a session's controller lease, as recorded in the audit log.</summary>
/// <param name="Seq">The audit log's sequence number: the cursor for reading on.</param>
/// <param name="Kind">What happened.</param>
/// <param name="ControllerId">The controller the lease belongs to.</param>
/// <param name="LeaseId">The lease.</param>
/// <param name="FencingToken">The lease's fencing token.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="ExpiresAt">When the lease expires (or expired).</param>
/// <param name="Actor">Who caused the event when it was not the controller itself (an operator's emergency stop, the system).</param>
/// <param name="Reason">Why, for events the controller did not ask for.</param>
[Immutable]
public sealed record ControllerEvent(
    long Seq,
    ControllerEventKind Kind,
    string ControllerId,
    string LeaseId,
    long FencingToken,
    DateTimeOffset At,
    DateTimeOffset ExpiresAt,
    string? Actor = null,
    string? Reason = null);

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

    /// <summary>Someone other than the holder ended the lease at once (an emergency stop).</summary>
    Revoked,

    /// <summary>The harness went silent and the session's policy keeps the lease from expiring until it is back.</summary>
    Frozen,

    /// <summary>The harness is back and a frozen lease runs again.</summary>
    Thawed,
}
