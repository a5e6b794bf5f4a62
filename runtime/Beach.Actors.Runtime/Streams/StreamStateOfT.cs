using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Streams;

/// <summary>
/// One stream of <typeparamref name="T"/> in this process: its retention ring, its sequence and its subscriptions.
/// A publish takes the gate once, gives the event its token, retains it and offers it to every subscription's queue
/// (a slot copy each; delivery happens on each subscription's own loop), so a subscriber sees events in token order
/// and a resume, done under the same gate, joins replay and live events without a gap or a duplicate.
/// </summary>
internal sealed class StreamState<T>(StreamId id, long epoch, StreamOptions options, TimeProvider timeProvider, StreamLog log)
    : StreamState(id, epoch)
{
    private readonly Lock _gate = new();
    private readonly RetentionRing<T> _ring = new(Math.Max(0, options.RetainedEventsPerStream));

    // Copy-on-write: a publish walks a snapshot while subscriptions come and go.
    private StreamSubscription<T>[] _subscriptions = [];
    private StreamSubscription<T>[] _blocking = [];
    private long _lastSequence;
    private long _lastActivityTimestamp = timeProvider.GetTimestamp();
    private bool _retired;

    public override Type ItemType => typeof(T);

    public override int SubscriptionCount => Volatile.Read(ref _subscriptions).Length;

    public StreamOptions Options => options;

    public StreamLog Log => log;

    public StreamSequenceToken? LastToken
    {
        get
        {
            lock (_gate)
            {
                return _lastSequence == 0 ? null : new StreamSequenceToken(Epoch, _lastSequence);
            }
        }
    }

    /// <summary>Publishes <paramref name="item"/> unless a blocking subscriber is full (then <paramref name="room"/> says when to retry).</summary>
    public PublishOutcome TryPublish(T item, out StreamSequenceToken token, out Task? room)
    {
        token = default;
        room = null;
        List<StreamSubscription<T>>? failed = null;
        lock (_gate)
        {
            if (_retired)
            {
                return PublishOutcome.Retired;
            }

            foreach (var blocking in _blocking)
            {
                if (blocking.WhenRoom() is { IsCompleted: false } wait)
                {
                    room = wait;
                    return PublishOutcome.Blocked;
                }
            }

            token = new StreamSequenceToken(Epoch, ++_lastSequence);
            var published = new StreamEvent<T>(token, item);
            _ring.Add(published);
            _lastActivityTimestamp = timeProvider.GetTimestamp();
            foreach (var subscription in _subscriptions)
            {
                if (!subscription.Offer(published))
                {
                    (failed ??= []).Add(subscription);
                }
            }

            if (failed is not null)
            {
                foreach (var subscription in failed)
                {
                    RemoveLocked(subscription);
                }
            }
        }

        if (failed is not null)
        {
            foreach (var subscription in failed)
            {
                log.SubscriptionOverflowed(Id, subscription.Capacity);
            }
        }

        return PublishOutcome.Published;
    }

    /// <summary>
    /// Adds <paramref name="subscription"/>, queueing first the retained events its options ask to replay; false when the
    /// state was retired meanwhile (look the stream up again).
    /// </summary>
    public bool TryAdd(StreamSubscription<T> subscription, StreamSubscriptionOptions subscriptionOptions)
    {
        lock (_gate)
        {
            if (_retired)
            {
                return false;
            }

            if (_subscriptions.Length >= options.MaxSubscriptionsPerStream)
            {
                throw new OverloadedException(
                    $"{Id} has {_subscriptions.Length} subscriptions, its limit; retry later.", options.OverloadRetryAfter);
            }

            Replay(subscription, subscriptionOptions);
            _subscriptions = [.. _subscriptions, subscription];
            if (subscription.Policy == OverflowPolicy.Block)
            {
                _blocking = [.. _blocking, subscription];
            }

            _lastActivityTimestamp = timeProvider.GetTimestamp();
            return true;
        }
    }

    public void Remove(StreamSubscription<T> subscription)
    {
        lock (_gate)
        {
            RemoveLocked(subscription);
        }
    }

    public override bool TryRetire(long idleSinceTimestamp)
    {
        lock (_gate)
        {
            if (_retired || _subscriptions.Length != 0 || _lastActivityTimestamp > idleSinceTimestamp)
            {
                return _retired;
            }

            _retired = true;
            return true;
        }
    }

    private void RemoveLocked(StreamSubscription<T> subscription)
    {
        var index = Array.IndexOf(_subscriptions, subscription);
        if (index < 0)
        {
            return;
        }

        _subscriptions = [.. _subscriptions.AsSpan(0, index), .. _subscriptions.AsSpan(index + 1)];
        var blocking = Array.IndexOf(_blocking, subscription);
        if (blocking >= 0)
        {
            _blocking = [.. _blocking.AsSpan(0, blocking), .. _blocking.AsSpan(blocking + 1)];
        }

        _lastActivityTimestamp = timeProvider.GetTimestamp();
    }

    /// <summary>Under the gate: which retained events the subscription starts with, and the gap it is told first.</summary>
    private void Replay(StreamSubscription<T> subscription, StreamSubscriptionOptions subscriptionOptions)
    {
        var last = _lastSequence;
        var first = _ring.Count == 0 ? last + 1 : _ring.FirstSequence;
        StreamGap? gap = null;
        long from;
        if (subscriptionOptions.ResumeAfter is { } after)
        {
            if (after.Epoch != Epoch || after.Sequence > last)
            {
                gap = new StreamGap(StreamGapReason.ResumeTokenUnknown, after, Missed: null);
                from = first;
            }
            else if (after.Sequence + 1 < first)
            {
                gap = new StreamGap(StreamGapReason.ResumeTokenExpired, after, first - after.Sequence - 1);
                from = first;
            }
            else
            {
                from = after.Sequence + 1;
            }
        }
        else
        {
            from = subscriptionOptions.ReplayRetained ? first : last + 1;
        }

        // The queue takes at most its capacity: the newest of the replay, the rest counted as missed.
        var beyondQueue = last - from + 1 - subscription.Capacity;
        if (beyondQueue > 0)
        {
            from += beyondQueue;
            gap = gap is null
                ? new StreamGap(StreamGapReason.Overflow, subscriptionOptions.ResumeAfter, beyondQueue)
                : gap with { Missed = gap.Missed + beyondQueue };
        }

        var offset = (int)(from - first);
        var replayed = (int)(last - from + 1);
        subscription.Preload(gap, _ring, offset, replayed);
    }
}
