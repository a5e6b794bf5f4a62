using System.Buffers;
using System.Diagnostics;
using System.Threading.Tasks.Sources;
using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Streams;

/// <summary>
/// One subscription: its bounded queue, its overflow policy and its delivery loop. Producers push into the queue under
/// the stream's gate (a slot copy, nothing allocated); the loop, one per subscription, takes what is queued in batches
/// and hands them to the observer, one delivery at a time. An idle loop waits on a reusable signal, and the producer
/// wakes it by queueing this object to the thread pool, so a wake allocates nothing either.
/// </summary>
internal sealed class StreamSubscription<T> : IStreamSubscriptionHandle, IThreadPoolWorkItem, IValueTaskSource
{
    private const int INITIAL_SLOTS = 16;

    /// <summary>
    /// Gaps waiting at their place in the queue (a mirrored stream's restarts) beyond which a new one merges into the
    /// newest, its count then unknown: restarts come one per home move, so a handful is plenty.
    /// </summary>
    private const int MAX_PENDING_GAPS = 8;

    private readonly StreamState<T> _stream;
    private readonly StreamConsumer<T> _consumer;
    private readonly ActivationStreamTurns? _turns;
    private readonly int _maxBatch;
    private readonly EventBatch<T> _batch = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();

    // The queue: a ring of slots that grows by doubling up to the capacity.
    private StreamEvent<T>[] _slots = [];
    private int _head;
    private int _count;

    // Absolute positions in the queue: events ever pushed, and ever taken or dropped. A pending gap sits at a position.
    private long _pushed;
    private long _taken;
    private List<(long At, StreamGap Gap)>? _gaps;

    private StreamGap? _startGap;
    private long _droppedSinceDelivery;
    private long _dropped;
    private long _delivered;
    private StreamSequenceToken? _lastDelivered;
    private StreamSequenceToken? _lastQueued;
    private StreamQueueOverflowException? _overflow;
    private TaskCompletionSource? _room;
    private bool _waiting;
    private bool _closed;
    private ManualResetValueTaskSourceCore<bool> _signal;

    public StreamSubscription(StreamState<T> stream, StreamConsumer<T> consumer, StreamSubscriptionOptions options, ActivationStreamTurns? turns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1, nameof(options.QueueCapacity));
        _stream = stream;
        _consumer = consumer;
        _turns = turns;
        Policy = options.OverflowPolicy;
        Capacity = Policy == OverflowPolicy.LatestOnly ? 1 : options.QueueCapacity;
        _maxBatch = Math.Max(1, Math.Min(Capacity, stream.Options.MaxDeliveryBatch));

        // The signal's continuation runs where Execute runs: on the pool thread the wake queued, not in the producer.
        _signal.RunContinuationsAsynchronously = false;
    }

    public StreamId StreamId => _stream.Id;

    public OverflowPolicy Policy { get; }

    /// <summary>The queue's bound: as asked, or 1 under <see cref="OverflowPolicy.LatestOnly"/>.</summary>
    public int Capacity { get; }

    public StreamSequenceToken? LastDeliveredToken
    {
        get
        {
            lock (_lock)
            {
                return _lastDelivered;
            }
        }
    }

    public long DeliveredCount => Interlocked.Read(ref _delivered);

    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Events waiting in the queue now.</summary>
    public int QueuedCount
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>The slots the queue holds now, used or not: what the subscription costs beyond its fixed fields.</summary>
    public int AllocatedSlots
    {
        get
        {
            lock (_lock)
            {
                return _slots.Length;
            }
        }
    }

    public Task Completion => _completion.Task;

    /// <summary>Under the stream's gate, before the subscription is visible to producers: what it starts with.</summary>
    internal void Preload(StreamGap? gap, RetentionRing<T> ring, int offset, int count)
    {
        lock (_lock)
        {
            _startGap = gap;
            for (var i = 0; i < count; i++)
            {
                Push(ring[offset + i]);
            }
        }
    }

    /// <summary>Starts the delivery loop, off whatever context (a grain's turn) subscribed.</summary>
    internal void Start() => ThreadPool.UnsafeQueueUserWorkItem(static self => _ = self.RunAsync(), this, preferLocal: false);

    /// <summary>
    /// Under the stream's gate: queues <paramref name="published"/>, applying the overflow policy when the queue is full.
    /// False when the subscription must leave the stream (it is closed, or it just overflowed under Fail).
    /// </summary>
    internal bool Offer(in StreamEvent<T> published)
    {
        bool wake;
        lock (_lock)
        {
            if (_closed || _overflow is not null)
            {
                return false;
            }

            if (_count == Capacity)
            {
                switch (Policy)
                {
                    case OverflowPolicy.Fail:
                        _overflow = new StreamQueueOverflowException(StreamId, Capacity, _lastQueued);
                        wake = TakeWaiter();
                        break;
                    default:
                        // DropOldest and LatestOnly make room by dropping the head. Block never gets here full: the
                        // stream waited for room under the same gate.
                        Debug.Assert(Policy != OverflowPolicy.Block, "A blocking subscription was offered an event while full.");
                        _slots[_head] = default;
                        _head = (_head + 1) % _slots.Length;
                        _count--;
                        _taken++;
                        _droppedSinceDelivery++;
                        Interlocked.Increment(ref _dropped);
                        wake = false;
                        break;
                }

                if (_overflow is not null)
                {
                    Wake(wake);
                    return false;
                }
            }

            Push(published);
            wake = TakeWaiter();
        }

        Wake(wake);
        return true;
    }

    /// <summary>Completed while the queue has room; otherwise completes when the loop takes from it (or it closes).</summary>
    internal Task WhenRoom()
    {
        lock (_lock)
        {
            if (_count < Capacity || _closed)
            {
                return Task.CompletedTask;
            }

            return (_room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>
    /// Under the stream's gate: the subscriber is told a gap of <paramref name="reason"/> after the events queued so far
    /// and before any queued later, at its place in the queue.
    /// </summary>
    internal void OfferGap(StreamGapReason reason, long? missed)
    {
        bool wake;
        lock (_lock)
        {
            if (_closed || _overflow is not null)
            {
                return;
            }

            _gaps ??= [];
            var gap = new StreamGap(reason, _lastQueued ?? _lastDelivered, missed);
            if (_gaps.Count == MAX_PENDING_GAPS)
            {
                var newest = _gaps[^1];
                _gaps[^1] = (newest.At, newest.Gap with { Missed = null });
            }
            else
            {
                _gaps.Add((_pushed, gap));
            }

            wake = TakeWaiter();
        }

        Wake(wake);
    }

    public Task UnsubscribeAsync()
    {
        Close();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    /// <summary>Ends the subscription: it leaves the stream, its queue empties, its loop ends after the delivery in progress.</summary>
    internal void Close()
    {
        _stream.Remove(this);
        TaskCompletionSource? room;
        bool wake;
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            Array.Clear(_slots);
            _slots = [];
            _count = 0;
            _gaps = null;
            room = _room;
            _room = null;
            wake = TakeWaiter();
        }

        _batch.Stop();
        room?.TrySetResult();
        _turns?.Stop();
        Wake(wake);
    }

    private void Push(in StreamEvent<T> item)
    {
        if (_count == _slots.Length)
        {
            var grown = new StreamEvent<T>[Math.Min(Capacity, Math.Max(INITIAL_SLOTS, _slots.Length * 2))];
            for (var i = 0; i < _count; i++)
            {
                grown[i] = _slots[(_head + i) % _slots.Length];
            }

            _slots = grown;
            _head = 0;
        }

        _slots[(_head + _count) % _slots.Length] = item;
        _count++;
        _pushed++;
        _lastQueued = item.Token;
    }

    private bool TakeWaiter()
    {
        if (!_waiting)
        {
            return false;
        }

        _waiting = false;
        return true;
    }

    private void Wake(bool wake)
    {
        if (wake)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>The wake the producer queued: resumes the waiting loop on this pool thread.</summary>
    void IThreadPoolWorkItem.Execute() => _signal.SetResult(true);

    void IValueTaskSource.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _signal.OnCompleted(continuation, state, token, flags);

    private async Task RunAsync()
    {
        Exception? failure = null;
        var items = ArrayPool<StreamEvent<T>>.Shared.Rent(_maxBatch);
        try
        {
            while (true)
            {
                StreamGap? startGap;
                StreamGap? dropGap = null;
                StreamGap? placedGap = null;
                TaskCompletionSource? room = null;
                StreamQueueOverflowException? overflow = null;
                var taken = 0;
                short version = 0;
                var wait = false;
                lock (_lock)
                {
                    if (_closed)
                    {
                        break;
                    }

                    startGap = _startGap;
                    _startGap = null;
                    if (_droppedSinceDelivery > 0)
                    {
                        dropGap = new StreamGap(StreamGapReason.Overflow, _lastDelivered, _droppedSinceDelivery);
                        _droppedSinceDelivery = 0;
                    }

                    long takeable = _count;
                    if (_gaps is { Count: > 0 })
                    {
                        var (at, gap) = _gaps[0];
                        if (at <= _taken)
                        {
                            placedGap = gap;
                            _gaps.RemoveAt(0);
                            takeable = 0;
                        }
                        else
                        {
                            takeable = Math.Min(takeable, at - _taken);
                        }
                    }

                    taken = (int)Math.Min(takeable, _maxBatch);
                    for (var i = 0; i < taken; i++)
                    {
                        items[i] = _slots[_head];
                        _slots[_head] = default;
                        _head = (_head + 1) % _slots.Length;
                    }

                    _count -= taken;
                    _taken += taken;
                    if (taken > 0)
                    {
                        room = _room;
                        _room = null;
                    }
                    else if (startGap is null && dropGap is null && placedGap is null)
                    {
                        if (_overflow is not null)
                        {
                            overflow = _overflow;
                        }
                        else
                        {
                            _waiting = true;
                            _signal.Reset();
                            version = _signal.Version;
                            wait = true;
                        }
                    }
                }

                room?.TrySetResult();
                if (overflow is not null)
                {
                    failure = overflow;
                    await NotifyErrorAsync(overflow).ConfigureAwait(false);
                    break;
                }

                if (wait)
                {
                    await new ValueTask(this, version).ConfigureAwait(false);
                    continue;
                }

                if (startGap is not null)
                {
                    await DeliverAsync(static (consumer, gap) => consumer.OnGapAsync(gap), startGap).ConfigureAwait(false);
                }

                if (dropGap is not null)
                {
                    await DeliverAsync(static (consumer, gap) => consumer.OnGapAsync(gap), dropGap).ConfigureAwait(false);
                }

                if (placedGap is not null)
                {
                    await DeliverAsync(static (consumer, gap) => consumer.OnGapAsync(gap), placedGap).ConfigureAwait(false);
                }

                if (taken > 0)
                {
                    _batch.Set(items, taken);
                    await DeliverAsync(static (consumer, batch) => consumer.OnBatchAsync(batch), _batch).ConfigureAwait(false);
                    lock (_lock)
                    {
                        _lastDelivered = items[taken - 1].Token;
                    }

                    Interlocked.Add(ref _delivered, taken);
                    Array.Clear(items, 0, taken);
                }
            }
        }
        catch (OperationCanceledException) when (Volatile.Read(ref _closed))
        {
            // The grain's activation went away while a delivery waited for its turn.
        }
        catch (Exception observerFailure)
        {
            failure = observerFailure;
            _stream.Log.ObserverFailed(StreamId, observerFailure);
        }
        finally
        {
            ArrayPool<StreamEvent<T>>.Shared.Return(items, clearArray: true);
            Close();
            if (failure is null)
            {
                _completion.TrySetResult();
            }
            else
            {
                _completion.TrySetException(failure);
            }
        }
    }

    private async Task NotifyErrorAsync(Exception error)
    {
        try
        {
            await DeliverAsync(static (consumer, failure) => consumer.OnErrorAsync(failure), error).ConfigureAwait(false);
        }
        catch (Exception notifyFailure) when (notifyFailure is not OperationCanceledException)
        {
            _stream.Log.ErrorNotificationFailed(StreamId, notifyFailure);
        }
    }

    /// <summary>Runs one call of the consumer: directly for a client, as a turn of its activation for a grain.</summary>
    private Task DeliverAsync<TArgument>(Func<StreamConsumer<T>, TArgument, Task> call, TArgument argument)
        => _turns is null ? call(_consumer, argument) : _turns.RunAsync(() => call(_consumer, argument));
}
