using System.Collections.Immutable;
using Beach.Actors.Actions;

namespace Beach.Actors.Sessions;

/// <summary>
/// One session (a terminal, a GUI) and its harness: registration, status by heartbeat freshness, and the bounded
/// queue of actions from its controller to its harness. Keyed by <see cref="SessionKey"/>.
/// </summary>
[GrainType("session")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the session, or updates it when the same harness registers again. Throws
    /// <see cref="SessionConflictException"/> when another harness already registered this session id.
    /// </summary>
    Task<SessionInfo> RegisterAsync(SessionRegistration registration);

    /// <summary>The session, or null when it was never registered.</summary>
    [ReadOnly]
    Task<SessionInfo?> GetAsync();

    /// <summary>Records a heartbeat (with the harness's own health word, if any). Throws <see cref="SessionNotFoundException"/>.</summary>
    Task<SessionInfo> HeartbeatAsync(string? health);

    /// <summary>
    /// Queues <paramref name="batch"/> whole, after its record is on disk, giving each action the next sequence number.
    /// Throws <see cref="Leases.LeaseNotHeldException"/> when the batch's lease is not the current one,
    /// <see cref="StaleFencingTokenException"/> for a token below the highest seen, <see cref="ActionQueueFullException"/>
    /// when the queue cannot take the whole batch, and <see cref="SessionNotFoundException"/>.
    /// </summary>
    Task<EnqueueResult> EnqueueActionsAsync(ActionBatch batch);

    /// <summary>
    /// Hands the harness up to <paramref name="max"/> actions not yet delivered (and any delivered ones whose ack is
    /// overdue), oldest first, waiting up to <paramref name="wait"/> for one to arrive. An empty list means none came.
    /// Interleaves: a harness waiting here never holds up the controller. Cancelling stops the wait and takes nothing.
    /// </summary>
    [AlwaysInterleave]
    Task<ImmutableArray<QueuedAction>> PollActionsAsync(int max, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>Records the harness's acks, on disk, and removes those actions from the queue.</summary>
    Task<AckResult> AckActionsAsync(ImmutableArray<ActionAck> acks);

    /// <summary>The queued actions (delivered or not) that wait for an ack, oldest first.</summary>
    [ReadOnly]
    Task<ImmutableArray<QueuedAction>> GetPendingActionsAsync();

    /// <summary>The pipeline's counters and recent latencies.</summary>
    [ReadOnly]
    Task<ActionStats> GetActionStatsAsync();

    /// <summary>
    /// Revokes the controller lease, cancels every queued action and records who stopped the session and why, all on
    /// disk before it returns.
    /// </summary>
    Task<EmergencyStopResult> EmergencyStopAsync(string actor, string reason);
}
