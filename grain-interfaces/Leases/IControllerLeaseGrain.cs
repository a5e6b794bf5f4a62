using System.Collections.Immutable;

namespace Beach.Actors.Leases;

/// <summary>
/// The one exclusive controller lease of a session (keyed like the session). Every grant, renewal, release and
/// expiry is appended to the audit log, on disk, before the call returns.
/// </summary>
[GrainType("controller-lease")]
public interface IControllerLeaseGrain : IGrainWithStringKey
{
    /// <summary>
    /// Grants the lease to <paramref name="controllerId"/> for <paramref name="ttl"/> with a fencing token above every
    /// earlier one. Throws <see cref="LeaseHeldException"/> while another lease is valid and
    /// <see cref="Sessions.SessionNotFoundException"/> for a session never registered.
    /// </summary>
    Task<LeaseGrant> AcquireAsync(string controllerId, TimeSpan ttl);

    /// <summary>
    /// Extends the current lease by <paramref name="ttl"/> from now. Throws <see cref="LeaseNotHeldException"/> when
    /// <paramref name="leaseId"/> is not the current lease (released, expired or superseded).
    /// </summary>
    Task<LeaseGrant> RenewAsync(string leaseId, string? controllerId, TimeSpan ttl);

    /// <summary>Gives the lease up. Throws <see cref="LeaseNotHeldException"/> when it is not the current one.</summary>
    Task ReleaseAsync(string leaseId);

    /// <summary>
    /// Ends the current lease at once on behalf of <paramref name="actor"/> (an emergency stop), recorded with
    /// <paramref name="reason"/>; returns the revoked lease, or null when there was none.
    /// </summary>
    Task<LeaseGrant?> RevokeAsync(string actor, string reason);

    /// <summary>
    /// The session's harness went silent: the lease is released (<see cref="Sessions.StaleLeasePolicy.Release"/>) or frozen so that it
    /// cannot expire until <see cref="ThawAsync"/> (<see cref="Sessions.StaleLeasePolicy.Freeze"/>). Returns the lease it acted on, or null.
    /// </summary>
    Task<LeaseGrant?> OnHarnessSilentAsync(Sessions.StaleLeasePolicy policy);

    /// <summary>The harness is back: a frozen lease runs again with the time it had left when frozen. Returns it, or null.</summary>
    Task<LeaseGrant?> ThawAsync();

    /// <summary>The current valid lease, or null.</summary>
    [ReadOnly]
    Task<LeaseGrant?> GetCurrentAsync();

    /// <summary>Controller events after the cursor <paramref name="afterSeq"/>, oldest first, at most <paramref name="limit"/>.</summary>
    [ReadOnly]
    Task<ImmutableArray<ControllerEvent>> GetEventsAsync(long afterSeq, int limit);
}
