namespace Beach.Actors.Leases;

/// <summary>Another controller holds a valid lease on the session.</summary>
public sealed class LeaseHeldException(string holder, DateTimeOffset expiresAt)
    : Exception($"The lease is held by controller '{holder}' until {expiresAt:O}.")
{
    /// <summary>The controller holding the lease.</summary>
    public string Holder { get; } = holder;

    /// <summary>When the holder's lease expires unless renewed.</summary>
    public DateTimeOffset ExpiresAt { get; } = expiresAt;
}

/// <summary>The named lease is not the session's current lease.</summary>
public sealed class LeaseNotHeldException(string leaseId, string reason)
    : Exception($"Lease '{leaseId}' is not the current lease: {reason}.")
{
    /// <summary>The lease that was named.</summary>
    public string LeaseId { get; } = leaseId;
}
