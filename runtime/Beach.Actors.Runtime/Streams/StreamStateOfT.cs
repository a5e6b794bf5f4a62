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
    private readonly RetentionRing<T> _ring = new(Math.Max(0, options.RetainedEventsPerStream), Math.Max(0, options.RetainedBytesPerStream));

    // Copy-on-write: a publish walks a snapshot while subscriptions come and go.
    private StreamSubscription<T>[] _subscriptions = [];
    private StreamSubscription<T>[] _blocking = [];
    private long _lastSequence;
    private long _lastActivityTimestamp = timeProvider.GetTimestamp();
    private bool _retired;

    // Readers waiting for the next event (a remote process's long poll); made on demand.
    private TaskCompletionSource? _published;

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

    /// <summary>The epoch and the newest sequence (0 before the first event): where a mirror's next pull starts.</summary>
    public StreamSequenceToken Position
    {
        get
        {
            lock (_gate)
            {
                return new StreamSequenceToken(Epoch, _lastSequence);
            }
        }
    }

    /// <summary>Publishes <paramref name="item"/> unless a blocking subscriber is full (then <paramref name="room"/> says when to retry).</summary>
    public PublishOutcome TryPublish(T item, out StreamSequenceToken token, out Task? room)
    {
        token = default;
        List<StreamSubscription<T>>? failed = null;
        TaskCompletionSource? published;
        lock (_gate)
        {
            if (_retired)
            {
                room = null;
                return PublishOutcome.Retired;
            }

            if (BlockedLocked() is { } wait)
            {
                room = wait;
                return PublishOutcome.Blocked;
            }

            token = new StreamSequenceToken(Epoch, _lastSequence + 1);
            published = PublishLocked(new StreamEvent<T>(token, item), ref failed);
        }

        room = null;
        AfterPublish(published, failed);
        return PublishOutcome.Published;
    }

    /// <summary>
    /// A mirror's publish: <paramref name="mirrored"/> keeps the token its home gave it, which must follow the last one
    /// (a hole is a <see cref="Restart"/> first). Blocked like <see cref="TryPublish"/> while a blocking subscriber is full.
    /// </summary>
    public PublishOutcome TryPublishMirrored(in StreamEvent<T> mirrored, out Task? room)
    {
        List<StreamSubscription<T>>? failed = null;
        TaskCompletionSource? published;
        lock (_gate)
        {
            if (_retired)
            {
                room = null;
                return PublishOutcome.Retired;
            }

            if (mirrored.Token.Epoch != Epoch || mirrored.Token.Sequence != _lastSequence + 1)
            {
                throw new InvalidOperationException($"{Id}: mirrored token {mirrored.Token} does not follow {Epoch}-{_lastSequence}.");
            }

            if (BlockedLocked() is { } wait)
            {
                room = wait;
                return PublishOutcome.Blocked;
            }

            published = PublishLocked(mirrored, ref failed);
        }

        room = null;
        AfterPublish(published, failed);
        return PublishOutcome.Published;
    }

    /// <summary>
    /// A mirror's restart: the home is in another <paramref name="epoch"/>, or events between the last one and
    /// <paramref name="lastSequence"/> will never arrive. Retention is forgotten (it must stay contiguous), and every
    /// subscription is told a gap of <paramref name="reason"/> after what it already queued, so it never mistakes the
    /// hole for a quiet stream.
    /// </summary>
    public void Restart(long epoch, long lastSequence, StreamGapReason reason, long? missed)
    {
        TaskCompletionSource? published;
        lock (_gate)
        {
            var told = Epoch != epoch || lastSequence != _lastSequence;
            Epoch = epoch;
            _lastSequence = lastSequence;
            _ring.Clear();
            if (told)
            {
                foreach (var subscription in _subscriptions)
                {
                    subscription.OfferGap(reason, missed);
                }
            }

            published = _published;
            _published = null;
        }

        published?.TrySetResult();
    }

    /// <summary>Completes once an event after <paramref name="sequence"/> is published (or the stream is retired).</summary>
    public Task WhenPublishedAfter(long sequence)
    {
        lock (_gate)
        {
            if (_retired || _lastSequence > sequence)
            {
                return Task.CompletedTask;
            }

            return (_published ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>
    /// What a reader that last saw <paramref name="after"/> (null: nothing yet, so every retained event) gets now: at
    /// most <paramref name="max"/> retained events after it, and the gap before them when its token is from another
    /// epoch or older than retention. A read counts as use, so a stream read from other processes is not dropped as
    /// idle. Null when the stream was retired (look it up again).
    /// </summary>
    public StreamSlice<T>? ReadAfter(StreamSequenceToken? after, int max)
    {
        lock (_gate)
        {
            if (_retired)
            {
                return null;
            }

            _lastActivityTimestamp = timeProvider.GetTimestamp();
            var last = _lastSequence;
            var first = _ring.Count == 0 ? last + 1 : _ring.FirstSequence;
            var (from, gap) = after is { } token ? ResumePoint(token, first, last) : (first, null);

            var count = (int)Math.Max(0, Math.Min(max, last - from + 1));
            var events = new StreamEvent<T>[count];
            var offset = (int)(from - first);
            for (var i = 0; i < count; i++)
            {
                events[i] = _ring[offset + i];
            }

            return new StreamSlice<T>(Epoch, from, last, gap, events);
        }
    }

    private Task? BlockedLocked()
    {
        foreach (var blocking in _blocking)
        {
            if (blocking.WhenRoom() is { IsCompleted: false } wait)
            {
                return wait;
            }
        }

        return null;
    }

    /// <summary>Under the gate: retains <paramref name="published"/> and offers it to every subscription.</summary>
    private TaskCompletionSource? PublishLocked(in StreamEvent<T> published, ref List<StreamSubscription<T>>? failed)
    {
        _lastSequence = published.Token.Sequence;
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

        var waiting = _published;
        _published = null;
        return waiting;
    }

    private void AfterPublish(TaskCompletionSource? published, List<StreamSubscription<T>>? failed)
    {
        published?.TrySetResult();
        if (failed is not null)
        {
            foreach (var subscription in failed)
            {
                log.SubscriptionOverflowed(Id, subscription.Capacity);
            }
        }
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
            _published?.TrySetResult();
            _published = null;
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

    /// <summary>
    /// Where a reader resuming after <paramref name="after"/> starts in the retained range [<paramref name="first"/>,
    /// <paramref name="last"/>], and the gap it is told: a token of another epoch or from beyond the stream's end is
    /// unknown, one older than the retention expired; both start at the oldest retained event.
    /// </summary>
    private (long From, StreamGap? Gap) ResumePoint(StreamSequenceToken after, long first, long last)
    {
        if (after.Epoch != Epoch || after.Sequence > last)
        {
            return (first, new StreamGap(StreamGapReason.ResumeTokenUnknown, after, Missed: null));
        }

        return after.Sequence + 1 < first
            ? (first, new StreamGap(StreamGapReason.ResumeTokenExpired, after, first - after.Sequence - 1))
            : (after.Sequence + 1, null);
    }

    /// <summary>Under the gate: which retained events the subscription starts with, and the gap it is told first.</summary>
    private void Replay(StreamSubscription<T> subscription, StreamSubscriptionOptions subscriptionOptions)
    {
        var last = _lastSequence;
        var first = _ring.Count == 0 ? last + 1 : _ring.FirstSequence;
        var (from, gap) = subscriptionOptions.ResumeAfter is { } after
            ? ResumePoint(after, first, last)
            : (subscriptionOptions.ReplayRetained ? first : last + 1, null);

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
