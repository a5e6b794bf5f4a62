namespace Beach.Actors.Sessions;

/// <summary>The kinds of <see cref="SessionEvent"/>: the SSE <c>event:</c> field and the WebSocket message's <c>kind</c>.</summary>
public static class SessionEventKinds
{
    /// <summary>The session was registered (or registered again by the same harness).</summary>
    public const string Registered = "registered";

    /// <summary>A controller was granted the session's lease.</summary>
    public const string LeaseGranted = "lease_granted";

    /// <summary>The lease's holder renewed it.</summary>
    public const string LeaseRenewed = "lease_renewed";

    /// <summary>The lease's holder released it.</summary>
    public const string LeaseReleased = "lease_released";

    /// <summary>The lease ran out without a renewal.</summary>
    public const string LeaseExpired = "lease_expired";

    /// <summary>An action was queued for the session's harness.</summary>
    public const string ActionQueued = "action_queued";

    /// <summary>The harness took an action from the queue.</summary>
    public const string ActionDelivered = "action_delivered";

    /// <summary>The harness acknowledged an action.</summary>
    public const string ActionAcked = "action_acked";

    /// <summary>Actions delivered the most times allowed without an ack were given up (ActionQueueOptions.MaxDeliveries).</summary>
    public const string ActionAbandoned = "action_abandoned";

    /// <summary>The harness reported a different health word.</summary>
    public const string HealthChanged = "health_changed";

    /// <summary>The session's status changed (registered, active, stale).</summary>
    public const string StatusChanged = "status_changed";

    /// <summary>Someone stopped the session: every controller is cut off.</summary>
    public const string EmergencyStop = "emergency_stop";

    /// <summary>Someone other than the holder ended the lease at once (an emergency stop).</summary>
    public const string LeaseRevoked = "lease_revoked";

    /// <summary>The harness went silent and the session's policy keeps the lease from expiring.</summary>
    public const string LeaseFrozen = "lease_frozen";

    /// <summary>The harness is back and the frozen lease runs again.</summary>
    public const string LeaseThawed = "lease_thawed";

    /// <summary>An action was refused at enqueue (a stale fencing token); it is never delivered.</summary>
    public const string ActionRefused = "action_refused";
}
