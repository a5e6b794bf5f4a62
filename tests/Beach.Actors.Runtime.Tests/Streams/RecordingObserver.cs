using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Tests.Streams;

/// <summary>
/// An observer that records what it is told, can hold its first delivery at a gate (to let a queue fill), and lets a
/// test await a condition on what it recorded without polling: every change re-checks the waiting conditions.
/// </summary>
internal sealed class RecordingObserver<T> : IAsyncObserver<T>
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly List<(Func<bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private readonly List<StreamEvent<T>> _events = [];
    private readonly List<StreamGap> _gaps = [];
    private readonly List<object> _timeline = [];
    private TaskCompletionSource? _gate;

    /// <summary>Completes when the first delivery has begun (and, if held, waits at the gate).</summary>
    public TaskCompletionSource FirstDelivery { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Exception? Error { get; private set; }

    public IReadOnlyList<StreamEvent<T>> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<T> Items => [.. Events.Select(e => e.Item)];

    public IReadOnlyList<StreamGap> Gaps
    {
        get
        {
            lock (_lock)
            {
                return [.. _gaps];
            }
        }
    }

    /// <summary>Events and gaps in the order they arrived.</summary>
    public IReadOnlyList<object> Timeline
    {
        get
        {
            lock (_lock)
            {
                return [.. _timeline];
            }
        }
    }

    /// <summary>Makes the first delivery wait until <see cref="Release"/>.</summary>
    public RecordingObserver<T> HoldFirst()
    {
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return this;
    }

    public void Release() => _gate?.TrySetResult();

    public async Task OnNextAsync(T item, StreamSequenceToken token)
    {
        var first = false;
        lock (_lock)
        {
            first = _events.Count == 0;
        }

        if (first)
        {
            FirstDelivery.TrySetResult();
            if (_gate is not null)
            {
                await _gate.Task;
            }
        }

        Record(() =>
        {
            _events.Add(new StreamEvent<T>(token, item));
            _timeline.Add(new StreamEvent<T>(token, item));
        });
    }

    public Task OnGapAsync(StreamGap gap)
    {
        Record(() =>
        {
            _gaps.Add(gap);
            _timeline.Add(gap);
        });
        return Task.CompletedTask;
    }

    public Task OnErrorAsync(Exception error)
    {
        Record(() => Error = error);
        return Task.CompletedTask;
    }

    /// <summary>Waits (bounded, as a failure guard) until <paramref name="condition"/> holds.</summary>
    public Task WaitUntilAsync(Func<RecordingObserver<T>, bool> condition)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (condition(this))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((() => condition(this), done));
        }

        return done.Task.WaitAsync(WaitLimit);
    }

    public Task WaitForCountAsync(int count) => WaitUntilAsync(o => o._events.Count >= count);

    private void Record(Action change)
    {
        List<TaskCompletionSource>? ready = null;
        lock (_lock)
        {
            change();
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Condition())
                {
                    (ready ??= []).Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        ready?.ForEach(done => done.TrySetResult());
    }
}
