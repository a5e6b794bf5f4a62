namespace Beach.Actors.Actions;

/// <summary>What an emergency stop did: the lease it revoked (if any) and how many queued actions it cancelled.</summary>
[Immutable]
public sealed record EmergencyStopResult(string? RevokedLeaseId, string? RevokedControllerId, int CancelledActions, DateTimeOffset At);
