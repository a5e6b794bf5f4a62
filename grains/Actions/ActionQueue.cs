using System.Collections.Immutable;

namespace Beach.Actors.Actions;

/// <summary>
/// A session's accepted, not yet acked actions, in sequence order, bounded by <see cref="ActionQueueOptions.Capacity"/>.
/// Actions are delivered oldest first; a delivered action whose ack is overdue is delivered again. Used only inside
/// the session grain's turns, so it needs no locking.
/// </summary>
internal sealed class ActionQueue(ActionQueueOptions options)
{
    private readonly Dictionary<long, PendingAction> _bySeq = [];
    private readonly Queue<PendingAction> _undelivered = new();

    // Delivered actions in delivery order, so the one whose ack is most overdue is at the head. Acked and cancelled
    // ones are skipped when they reach it.
    private readonly Queue<PendingAction> _inFlight = new();
    private TaskCompletionSource? _arrival;

    // No pending action has a lower sequence number than this; Oldest() moves it up past those acked or cancelled.
    // Sequence numbers only grow, so each one is stepped over once.
    private long _oldestAtLeast;

    private const int IN_FLIGHT_COMPACTION_FACTOR = 2;

    public int Count => _bySeq.Count;

    public int Capacity => options.Capacity;

    /// <summary>Whether <paramref name="count"/> more actions fit.</summary>
    public bool HasRoomFor(int count) => _bySeq.Count + count <= options.Capacity;

    public void Add(PendingAction action)
    {
        if (_bySeq.Count == 0 || action.Seq < _oldestAtLeast)
        {
            _oldestAtLeast = action.Seq;
        }

        _bySeq.Add(action.Seq, action);
        _undelivered.Enqueue(action);
        if (_arrival is { } arrival)
        {
            _arrival = null;
            arrival.TrySetResult();
        }
    }

    /// <summary>Completes when an action is added: a waiting poll looks again.</summary>
    public Task WhenAdded() => (_arrival ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>
    /// Takes up to <paramref name="max"/> actions to deliver: overdue redeliveries first, then new ones, oldest first.
    /// An overdue action already delivered <see cref="ActionQueueOptions.MaxDeliveries"/> times is not delivered again:
    /// it comes back in <paramref name="exhausted"/>, still pending, for the caller to give up (and
    /// <see cref="Remove"/>) or to hand back with <see cref="ReturnExhausted"/>.
    /// </summary>
    public ImmutableArray<PendingAction> TakeDeliverable(int max, DateTimeOffset now, out ImmutableArray<PendingAction> exhausted)
    {
        var taken = ImmutableArray.CreateBuilder<PendingAction>(Math.Min(max, _bySeq.Count));
        ImmutableArray<PendingAction>.Builder? givenUp = null;
        SkipDone(_inFlight);
        while (taken.Count < max && _inFlight.TryPeek(out var overdue) && overdue.DeliveredAt + options.RedeliveryTimeout <= now)
        {
            _inFlight.Dequeue();
            if (overdue.Deliveries >= options.MaxDeliveries)
            {
                (givenUp ??= ImmutableArray.CreateBuilder<PendingAction>()).Add(overdue);
            }
            else
            {
                taken.Add(overdue);
            }

            SkipDone(_inFlight);
        }

        exhausted = givenUp?.ToImmutable() ?? [];

        SkipDone(_undelivered);
        while (taken.Count < max && _undelivered.TryDequeue(out var next))
        {
            taken.Add(next);
            SkipDone(_undelivered);
        }

        foreach (var action in taken)
        {
            action.MarkDelivered(now);
            _inFlight.Enqueue(action);
        }

        // Acked actions behind a slow one stay in the delivery list until it reaches the head; keep the list within a
        // multiple of the capacity by dropping them when it grows past that.
        if (_inFlight.Count > IN_FLIGHT_COMPACTION_FACTOR * options.Capacity)
        {
            var live = _inFlight.Where(action => !action.Done).ToList();
            _inFlight.Clear();
            foreach (var action in live)
            {
                _inFlight.Enqueue(action);
            }
        }

        return taken.ToImmutable();
    }

    /// <summary>Puts exhausted actions that could not be given up back in flight: the next poll tries again.</summary>
    public void ReturnExhausted(IEnumerable<PendingAction> actions)
    {
        foreach (var action in actions.Where(action => !action.Done))
        {
            _inFlight.Enqueue(action);
        }
    }

    /// <summary>When the oldest delivered action becomes due for redelivery, if any is in flight.</summary>
    public DateTimeOffset? NextRedeliveryAt()
    {
        SkipDone(_inFlight);
        return _inFlight.TryPeek(out var oldest) ? oldest.DeliveredAt + options.RedeliveryTimeout : null;
    }

    public bool TryGet(long seq, out PendingAction action) => _bySeq.TryGetValue(seq, out action!);

    /// <summary>Removes an acked or cancelled action.</summary>
    public bool Remove(long seq)
    {
        if (!_bySeq.Remove(seq, out var action))
        {
            return false;
        }

        action.Done = true;
        return true;
    }

    /// <summary>The pending action with the lowest sequence number, or null when the queue is empty.</summary>
    public PendingAction? Oldest()
    {
        if (_bySeq.Count == 0)
        {
            return null;
        }

        PendingAction? oldest;
        while (!_bySeq.TryGetValue(_oldestAtLeast, out oldest))
        {
            _oldestAtLeast++;
        }

        return oldest;
    }

    /// <summary>Every pending action, oldest first.</summary>
    public IEnumerable<PendingAction> Pending() => _bySeq.Values.OrderBy(action => action.Seq);

    /// <summary>Removes every action, returning their sequence numbers (an emergency stop).</summary>
    public ImmutableArray<long> Clear()
    {
        var seqs = _bySeq.Keys.Order().ToImmutableArray();
        foreach (var action in _bySeq.Values)
        {
            action.Done = true;
        }

        _bySeq.Clear();
        _undelivered.Clear();
        _inFlight.Clear();
        return seqs;
    }

    private static void SkipDone(Queue<PendingAction> queue)
    {
        while (queue.TryPeek(out var head) && head.Done)
        {
            queue.Dequeue();
        }
    }
}
