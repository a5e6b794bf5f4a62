using System.Collections.Immutable;

namespace Beach.Actors.Actions;

/// <summary>
/// Actions sent under one controller lease. The lease id and fencing token must be the session's current lease's:
/// a lower token is refused as stale and never delivered.
/// </summary>
/// <param name="LeaseId">The current lease.</param>
/// <param name="FencingToken">The current lease's fencing token.</param>
/// <param name="Actions">The actions, in the order they are to be applied.</param>
[Immutable]
public sealed record ActionBatch(string LeaseId, long FencingToken, ImmutableArray<ActionRequest> Actions);

/// <summary>What the session accepted: each action's per-session sequence number, in order.</summary>
/// <param name="Accepted">The accepted actions.</param>
/// <param name="QueueDepth">How many actions are waiting for an ack after this batch.</param>
/// <param name="QueueCapacity">The most the session's queue holds.</param>
[Immutable]
public sealed record EnqueueResult(ImmutableArray<AcceptedAction> Accepted, int QueueDepth, int QueueCapacity);

/// <summary>An accepted action's sequence number.</summary>
[Immutable]
public sealed record AcceptedAction(long Seq, string? ActionId);
