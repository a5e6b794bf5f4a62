namespace Beach.Actors.Leases;

/// <summary>
/// A controller's exclusive lease on a session. <see cref="FencingToken"/> strictly increases across grants of one
/// session, so a harness that has seen a higher token can refuse an action from an older lease.
/// </summary>
[Immutable]
public sealed record LeaseGrant(string LeaseId, string ControllerId, long FencingToken, DateTimeOffset ExpiresAt);
