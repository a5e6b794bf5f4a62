using System.Collections.Immutable;
using Beach.Actors.Actions;
using Beach.Actors.Audit;
using Beach.Actors.Leases;
using Beach.Actors.Persistence;

namespace Beach.Actors.Sessions;

/// <summary>The action pipeline: enqueue under the current lease, deliver to the harness, ack, emergency stop.</summary>
internal sealed partial class SessionGrain
{
    private const int REPLAY_PAGE = 1_000;
    private const string STALE_TOKEN_REASON = "stale_fencing_token";

    private ActionQueue? _queue;
    private LatencyWindow? _deliveryLatency;
    private LatencyWindow? _ackLatency;
    private string _actionStream = "";
    private long _actionStreamVersion;
    private long _lastSeq;
    private long _highestFencingToken;
    private ActionCheckpoint? _checkpoint;
    private ActionCheckpoint? _persistedCheckpoint;
    private long _accepted;
    private long _delivered;
    private long _acked;
    private long _refused;
    private long _cancelled;
    private long _abandoned;

    private ActionQueue Queue => _queue ??= new ActionQueue(actionOptions.Value);

    private bool CheckpointMoved => !ReferenceEquals(_checkpoint, _persistedCheckpoint);

    public Task<EnqueueResult> EnqueueActionsAsync(ActionBatch batch) => SerializedAsync(() => EnqueueCoreAsync(batch));

    public Task<AckResult> AckActionsAsync(ImmutableArray<ActionAck> acks) => SerializedAsync(() => AckCoreAsync(acks));

    public Task<EmergencyStopResult> EmergencyStopAsync(string actor, string reason) => SerializedAsync(() => EmergencyStopCoreAsync(actor, reason));

    private async Task<EnqueueResult> EnqueueCoreAsync(ActionBatch batch)
    {
        RequireRegistered();
        var limits = actionOptions.Value;
        if (batch.Actions.IsDefaultOrEmpty)
        {
            throw new ArgumentException("A batch holds at least one action.", "actions");
        }

        if (batch.Actions.Length > limits.MaxBatch)
        {
            throw new ArgumentOutOfRangeException("actions", batch.Actions.Length, $"A batch holds at most {limits.MaxBatch} actions.");
        }

        if (batch.FencingToken < _highestFencingToken)
        {
            await RefuseStaleAsync(batch, _highestFencingToken);
        }

        var lease = await GrainFactory.GetGrain<IControllerLeaseGrain>(GetPrimaryKeyString()).GetCurrentAsync();
        if (lease is not null && batch.FencingToken < lease.FencingToken)
        {
            await RefuseStaleAsync(batch, lease.FencingToken);
        }

        if (lease is null)
        {
            throw new LeaseNotHeldException(batch.LeaseId, "the session has no current lease");
        }

        if (lease.LeaseId != batch.LeaseId)
        {
            throw new LeaseNotHeldException(batch.LeaseId, "another lease was granted since");
        }

        if (lease.FencingToken != batch.FencingToken)
        {
            throw new LeaseNotHeldException(batch.LeaseId, $"its fencing token is {lease.FencingToken}, not {batch.FencingToken}");
        }

        _highestFencingToken = Math.Max(_highestFencingToken, lease.FencingToken);
        if (!Queue.HasRoomFor(batch.Actions.Length))
        {
            throw new ActionQueueFullException(Queue.Count, Queue.Capacity, batch.Actions.Length, limits.QueueFullRetryAfter);
        }

        var now = AuditNow();
        var actions = new List<PendingAction>(batch.Actions.Length);
        foreach (var request in batch.Actions)
        {
            actions.Add(new PendingAction(_lastSeq + actions.Count + 1, request.ActionId, request.Kind, request.Payload, lease.FencingToken, lease.ControllerId, now));
        }

        var queued = await AppendActionRecordAsync(ActionRecordCodec.QUEUED, lease.ControllerId, ActionRecordCodec.EncodeQueued(lease.LeaseId, lease.FencingToken, actions), now);
        _lastSeq += actions.Count;
        _accepted += actions.Count;
        var accepted = ImmutableArray.CreateBuilder<AcceptedAction>(actions.Count);
        foreach (var action in actions)
        {
            action.QueuedRecordSeq = queued.Seq;
            Queue.Add(action);
            accepted.Add(new AcceptedAction(action.Seq, action.ActionId));
        }

        await PublishAsync(SessionEventKinds.ActionQueued, new
        {
            FirstSeq = actions[0].Seq,
            LastSeq = actions[^1].Seq,
            Count = actions.Count,
            lease.ControllerId,
            lease.FencingToken,
            QueueDepth = Queue.Count,
        });
        return new EnqueueResult(accepted.MoveToImmutable(), Queue.Count, Queue.Capacity);
    }

    public async Task<ImmutableArray<QueuedAction>> PollActionsAsync(int max, TimeSpan wait, CancellationToken cancellationToken)
    {
        RequireRegistered();
        var limits = actionOptions.Value;
        max = Math.Clamp(max, 1, limits.MaxPoll);
        wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > limits.MaxPollWait ? limits.MaxPollWait : wait;
        var deadline = timeProvider.GetUtcNow() + wait;
        while (true)
        {
            // A poll whose caller went away takes nothing: what it took would wait out the redelivery timeout.
            cancellationToken.ThrowIfCancellationRequested();
            var now = timeProvider.GetUtcNow();
            var taken = Queue.TakeDeliverable(max, now, out var exhausted);
            if (!exhausted.IsEmpty)
            {
                await SerializedAsync(() => AbandonAsync(exhausted));
            }

            if (taken.Length > 0)
            {
                _delivered += taken.Length;
                await PublishAsync(SessionEventKinds.ActionDelivered, new { Seqs = taken.Select(action => action.Seq).ToArray() });
                return [.. taken.Select(action => action.Snapshot())];
            }

            if (deadline <= now)
            {
                return [];
            }

            // Wake for the first overdue redelivery, if it comes before the wait is over.
            var until = Queue.NextRedeliveryAt() is { } redelivery && redelivery < deadline ? redelivery : deadline;

            try
            {
                await Queue.WhenAdded().WaitAsync(until > now ? until - now : TimeSpan.Zero, timeProvider, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Look again: a redelivery is due, or the wait is over.
            }
        }
    }

    private async Task<AckResult> AckCoreAsync(ImmutableArray<ActionAck> acks)
    {
        RequireRegistered();
        if (acks.IsDefaultOrEmpty)
        {
            throw new ArgumentException("An ack request holds at least one ack.", "acks");
        }

        var now = AuditNow();
        var recorded = new List<(ActionAck Ack, TimeSpan DeliveryLatency, TimeSpan AckLatency)>(acks.Length);
        var outcomes = ImmutableArray.CreateBuilder<AckOutcome>(acks.Length);
        var seen = new HashSet<long>();
        foreach (var ack in acks)
        {
            if (!seen.Add(ack.Seq))
            {
                outcomes.Add(new AckOutcome(ack.Seq, AckOutcomeKind.Duplicate, null, null));
            }
            else if (Queue.TryGet(ack.Seq, out var action) && action.DeliveredAt is { } deliveredAt)
            {
                var delivery = action.FirstDeliveredAt!.Value - action.QueuedAt;
                var acked = now - deliveredAt;
                recorded.Add((ack, delivery, acked));
                outcomes.Add(new AckOutcome(ack.Seq, AckOutcomeKind.Acked, delivery, acked));
            }
            else
            {
                // Acked before, cancelled by an emergency stop, given up after too many deliveries, or never delivered.
                var kind = ack.Seq <= _lastSeq && !Queue.TryGet(ack.Seq, out _) ? AckOutcomeKind.Duplicate : AckOutcomeKind.Unknown;
                outcomes.Add(new AckOutcome(ack.Seq, kind, null, null));
            }
        }

        if (recorded.Count > 0)
        {
            var record = await AppendActionRecordAsync(ActionRecordCodec.ACKED, state.State.HarnessId, ActionRecordCodec.EncodeAcked(recorded), now);
            foreach (var (ack, delivery, acked) in recorded)
            {
                Queue.Remove(ack.Seq);
                DeliveryLatency.Add(delivery);
                AckLatency.Add(acked);
            }

            _acked += recorded.Count;
            MoveCheckpoint(record);
            await PublishAsync(SessionEventKinds.ActionAcked, new
            {
                Acks = recorded.Select(item => new { item.Ack.Seq, Status = ActionRecordCodec.StatusName(item.Ack.Status), item.Ack.Error, AckMs = item.AckLatency.TotalMilliseconds }).ToArray(),
                QueueDepth = Queue.Count,
            });
        }

        return new AckResult(outcomes.MoveToImmutable(), Queue.Count);
    }

    public Task<ImmutableArray<QueuedAction>> GetPendingActionsAsync()
    {
        RequireRegistered();
        return Task.FromResult(Queue.Pending().Select(action => action.Snapshot()).ToImmutableArray());
    }

    public Task<ActionStats> GetActionStatsAsync()
    {
        RequireRegistered();
        return Task.FromResult(new ActionStats(
            _accepted, _delivered, _acked, _refused, _cancelled, _abandoned, Queue.Count, Queue.Capacity, DeliveryLatency.Summarize(), AckLatency.Summarize()));
    }

    private async Task<EmergencyStopResult> EmergencyStopCoreAsync(string actor, string reason)
    {
        RequireRegistered();
        var revoked = await GrainFactory.GetGrain<IControllerLeaseGrain>(GetPrimaryKeyString()).RevokeAsync(actor, reason);
        var cancelled = Queue.Pending().Select(action => action.Seq).ToImmutableArray();
        var now = AuditNow();
        var record = await AppendActionRecordAsync(
            ActionRecordCodec.EMERGENCY_STOP, actor, ActionRecordCodec.EncodeEmergencyStop(reason, revoked?.LeaseId, revoked?.ControllerId, cancelled), now);
        Queue.Clear();
        _cancelled += cancelled.Length;
        MoveCheckpoint(record);
        await PublishAsync(SessionEventKinds.EmergencyStop, new
        {
            Actor = actor,
            Reason = reason,
            RevokedLeaseId = revoked?.LeaseId,
            RevokedControllerId = revoked?.ControllerId,
            Cancelled = cancelled.Length,
        });
        return new EmergencyStopResult(revoked?.LeaseId, revoked?.ControllerId, cancelled.Length, now);
    }

    private LatencyWindow DeliveryLatency => _deliveryLatency ??= new LatencyWindow(actionOptions.Value.LatencySamples);

    private LatencyWindow AckLatency => _ackLatency ??= new LatencyWindow(actionOptions.Value.LatencySamples);

    /// <summary>Records the refusal and throws: an action under a token below the highest seen is never queued.</summary>
    private async Task RefuseStaleAsync(ActionBatch batch, long highest)
    {
        _refused += batch.Actions.Length;
        await AppendActionRecordAsync(
            ActionRecordCodec.REFUSED, null, ActionRecordCodec.EncodeRefused(STALE_TOKEN_REASON, batch.FencingToken, highest, batch.Actions.Length), AuditNow());
        await PublishAsync(SessionEventKinds.ActionRefused, new { Reason = STALE_TOKEN_REASON, batch.FencingToken, HighestFencingToken = highest, Count = batch.Actions.Length });
        throw new StaleFencingTokenException(batch.FencingToken, highest);
    }

    /// <summary>
    /// Appends to the action stream, naming the version it follows: a second activation of this session (possible for
    /// a moment after a silo fails) cannot hand out the same sequence numbers, its append is refused.
    /// </summary>
    private async Task<AuditRecord> AppendActionRecordAsync(string kind, string? actor, string data, DateTimeOffset at)
    {
        AuditRecord record;
        try
        {
            record = await audit.AppendAsync(new AuditEntry(_tenant, _actionStream, kind, actor, data, at, ExpectedVersion: _actionStreamVersion));
        }
        catch (InconsistentStateException)
        {
            DeactivateOnIdle();
            throw;
        }

        _actionStreamVersion = record.StreamVersion;
        return record;
    }

    /// <summary>
    /// Gives up actions delivered the most times allowed without an ack: recorded, then taken off the queue, so none
    /// goes silently. Those acked in the meantime are left out; if the record cannot be written, they go back in flight
    /// and the next poll tries again.
    /// </summary>
    private async Task<bool> AbandonAsync(ImmutableArray<PendingAction> exhausted)
    {
        var still = exhausted.Where(action => Queue.TryGet(action.Seq, out _)).ToList();
        if (still.Count == 0)
        {
            return false;
        }

        var maxDeliveries = actionOptions.Value.MaxDeliveries;
        AuditRecord record;
        try
        {
            record = await AppendActionRecordAsync(ActionRecordCodec.ABANDONED, "system:redelivery", ActionRecordCodec.EncodeAbandoned(still, maxDeliveries), AuditNow());
        }
        catch
        {
            Queue.ReturnExhausted(still);
            throw;
        }

        foreach (var action in still)
        {
            Queue.Remove(action.Seq);
        }

        _abandoned += still.Count;
        MoveCheckpoint(record);
        await PublishAsync(SessionEventKinds.ActionAbandoned, new { Seqs = still.Select(action => action.Seq).ToArray(), MaxDeliveries = maxDeliveries, QueueDepth = Queue.Count });
        return true;
    }

    /// <summary>
    /// Moves where the next activation starts replaying, after <paramref name="record"/> took actions off the queue:
    /// past that record when the queue is empty, else just before the record that queued the oldest pending action.
    /// So a queue that never empties (a steady load, an action its harness never acks) replays what came after its
    /// oldest action was queued, not the session's whole history. Replay starts from the checkpoint's sequence and
    /// token and raises them to what it reads, so counters taken now are right either way.
    /// </summary>
    private void MoveCheckpoint(AuditRecord record)
    {
        var oldest = Queue.Oldest();
        _checkpoint = new ActionCheckpoint
        {
            AuditSeq = oldest is null ? record.Seq : oldest.QueuedRecordSeq - 1,
            StreamVersion = record.StreamVersion,
            LastSeq = _lastSeq,
            HighestFencingToken = _highestFencingToken,
        };
    }

    /// <summary>Rebuilds the queue from the action stream after the last checkpoint; replayed actions are delivered again.</summary>
    private async Task ReplayActionsAsync(CancellationToken cancellationToken)
    {
        _checkpoint = _persistedCheckpoint = state.State.Actions;
        var replay = new ActionReplay();
        var after = 0L;
        if (_checkpoint is { } checkpoint)
        {
            replay.StartAt(checkpoint.LastSeq, checkpoint.HighestFencingToken);
            after = checkpoint.AuditSeq;
            _actionStreamVersion = checkpoint.StreamVersion;
        }

        while (true)
        {
            var records = await audit.ReadStreamAsync(_tenant, _actionStream, after, REPLAY_PAGE, cancellationToken);
            foreach (var record in records)
            {
                ActionRecordCodec.Replay(record, replay);
                after = record.Seq;
                _actionStreamVersion = record.StreamVersion;
            }

            if (records.Count < REPLAY_PAGE)
            {
                break;
            }
        }

        _lastSeq = replay.LastSeq;
        _highestFencingToken = replay.HighestFencingToken;
        foreach (var action in replay.Pending)
        {
            Queue.Add(action);
        }
    }

    private void RequireRegistered()
    {
        if (!state.RecordExists)
        {
            DeactivateOnIdle();
            throw new SessionNotFoundException(_sessionId);
        }
    }

    /// <summary>The audit log keeps milliseconds; times recorded with an action agree with it.</summary>
    private DateTimeOffset AuditNow()
    {
        var now = timeProvider.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMillisecond));
    }
}
