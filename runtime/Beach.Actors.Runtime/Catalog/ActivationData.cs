using Beach.Actors.Invocation;
using Beach.Actors.Persistence;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Runtime.Scheduler;
using Beach.Actors.Runtime.Storage;
using Beach.Actors.Runtime.Timers;
using Beach.Actors.Timers;

namespace Beach.Actors.Runtime.Catalog;

/// <summary>
/// One activation of one grain: its instance, its queues and its turns. Work for it (requests, continuations of its
/// own awaits, timer ticks) runs on the thread pool one item at a time, so grain code never runs in parallel with
/// itself. A request may start while another awaits only when the rules of interleaving allow it: the grain is
/// [Reentrant], the method is [AlwaysInterleave], or both are [ReadOnly].
/// </summary>
internal sealed partial class ActivationData : IGrainContext, IThreadPoolWorkItem
{
    private readonly ActivationShared _shared;
    private readonly GrainClassDescriptor _descriptor;

    // Guards every mutable field below. It is the activation's own synchronization context: an object that exists
    // anyway and is never exposed, so no extra allocation per activation.
    private readonly ActivationSynchronizationContext _gate;

    private Grain? _grain;
    private ActivationStatus _status;
    private Queue<Message>? _waiting;
    private Queue<Message>? _interleaving;
    private Queue<KeyValuePair<SendOrPostCallback, object?>>? _continuations;
    private List<IActivationState>? _states;
    private List<GrainTimer>? _timers;
    private List<Action>? _streamSubscriptions;
    private int _running;
    private int _runningWriters;
    private bool _scheduled;
    private DeactivationReason? _deactivationRequest;
    private long _lastActiveTimestamp;

    public ActivationData(GrainId grainId, GrainClassDescriptor descriptor, ActivationShared shared)
    {
        GrainId = grainId;
        _descriptor = descriptor;
        _shared = shared;
        _gate = new ActivationSynchronizationContext(this);
        ActivationId = shared.NextActivationId();
        _lastActiveTimestamp = shared.TimeProvider.GetTimestamp();
    }

    public GrainId GrainId { get; }

    /// <summary>This activation among the grain's activations over time, unique on this silo.</summary>
    public long ActivationId { get; }

    public IGrainFactory GrainFactory => _shared.GrainFactory;

    public Actors.Reminders.IReminderRegistry Reminders => _shared.Reminders;

    public Actors.Streams.IStreamProvider Streams => new Runtime.Streams.ActivationStreamProvider(_shared.Streams, this);

    /// <summary>A one-line account of the activation, for diagnostics.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            return $"{GrainId} {_status} running={_running} waiting={_waiting?.Count ?? 0} interleaving={_interleaving?.Count ?? 0} " +
                   $"continuations={_continuations?.Count ?? 0} scheduled={_scheduled} deactivation={_deactivationRequest?.ToString() ?? "none"}";
        }
    }

    /// <summary>Queues a request, or refuses it at once when it would deadlock or the queue is full.</summary>
    public void Enqueue(Message message)
    {
        Exception? refusal = null;
        var forward = false;
        var schedule = false;
        lock (_gate)
        {
            if (_status == ActivationStatus.Invalid)
            {
                if (message.IsBoundToActivation)
                {
                    return;
                }

                forward = true;
            }
            else if (WouldDeadlock(message))
            {
                refusal = new DeadlockException(message.Chain!.CycleTo(GrainId));
            }
            else
            {
                var queue = message.AlwaysInterleave || _descriptor.IsReentrant || IsReadOnlyCallback(message)
                    ? _interleaving ??= new()
                    : _waiting ??= new();
                if (queue.Count >= _shared.Options.MaxEnqueuedRequestsPerActivation)
                {
                    refusal = new OverloadedException(
                        $"{GrainId} has {queue.Count} requests waiting, its limit; retry later.",
                        _shared.Options.OverloadRetryAfter);
                }
                else
                {
                    queue.Enqueue(message);
                    schedule = MarkScheduled();
                }
            }
        }

        if (forward)
        {
            _shared.Router.Forward(message);
        }
        else if (refusal is not null)
        {
            message.Respond(Response.FromException(refusal));
        }
        else if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }

    /// <summary>Queues the continuation of an await made by this activation's code.</summary>
    public void EnqueueContinuation(SendOrPostCallback callback, object? state)
    {
        bool schedule;
        lock (_gate)
        {
            (_continuations ??= new()).Enqueue(new(callback, state));
            schedule = MarkScheduled();
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }

    /// <summary>Deactivates after the current turns; requests that arrive meanwhile go to the next activation.</summary>
    public void Deactivate(DeactivationReason reason)
    {
        bool schedule;
        lock (_gate)
        {
            if (_status is not (ActivationStatus.Created or ActivationStatus.Activating or ActivationStatus.Valid))
            {
                return;
            }

            _deactivationRequest ??= reason;
            schedule = MarkScheduled();
        }

        if (schedule)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Asks for idle collection if nothing touched the activation since <paramref name="idleSinceTimestamp"/>.</summary>
    public bool TryCollectIfIdle(long idleSinceTimestamp)
    {
        lock (_gate)
        {
            if (_status != ActivationStatus.Valid || _running != 0 || _deactivationRequest is not null
                || _lastActiveTimestamp > idleSinceTimestamp || (_waiting?.Count ?? 0) != 0 || (_interleaving?.Count ?? 0) != 0)
            {
                return false;
            }
        }

        Deactivate(DeactivationReason.IdleCollection);
        return true;
    }

    public IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        GrainTimer timer;
        lock (_gate)
        {
            if (_status is ActivationStatus.Deactivating or ActivationStatus.Invalid)
            {
                throw new InvalidOperationException($"{GrainId} is deactivating; it cannot start a timer.");
            }

            timer = new GrainTimer(this, callback, options, _shared.TimeProvider);
            (_timers ??= []).Add(timer);
        }

        timer.Start();
        return timer;
    }

    internal void ReportTimerFailure(Exception exception) => _shared.Log.TimerFailed(GrainId, exception);

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_gate)
        {
            _timers?.Remove(timer);
        }
    }

    /// <summary>
    /// Ties a stream subscription to this activation: <paramref name="close"/> runs when it deactivates. False when it
    /// is deactivating already.
    /// </summary>
    internal bool TryBindStreamSubscription(Action close)
    {
        lock (_gate)
        {
            if (_status is ActivationStatus.Deactivating or ActivationStatus.Invalid)
            {
                return false;
            }

            (_streamSubscriptions ??= []).Add(close);
            return true;
        }
    }

    /// <summary>A stream subscription of this activation ended before it did.</summary>
    internal void UnbindStreamSubscription(Action close)
    {
        lock (_gate)
        {
            _streamSubscriptions?.Remove(close);
        }
    }

    /// <summary>Called by the factory while the grain is constructed: states are read before OnActivateAsync.</summary>
    internal IPersistentState<TState> CreatePersistentState<TState>(string stateName, string? storageName)
    {
        var state = new PersistentState<TState>(GrainId, stateName, _shared.ResolveStorage(storageName), _shared.Options.StateSerializerOptions);
        (_states ??= []).Add(state);
        return state;
    }

    /// <summary>The thread pool runs this: the activation's work, one item at a time.</summary>
    public void Execute()
    {
        var previousContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_gate);
        try
        {
            RunSlice();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }
    }

    private void RunSlice()
    {
        for (var turn = 0; ; turn++)
        {
            if (turn == _shared.Options.MaxTurnsPerSlice)
            {
                // Still scheduled: give the thread to other activations and come back.
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                return;
            }

            KeyValuePair<SendOrPostCallback, object?> continuation = default;
            Message? message = null;
            DeactivationReason deactivation = default;
            WorkKind kind;
            lock (_gate)
            {
                if (_continuations is { Count: > 0 })
                {
                    continuation = _continuations.Dequeue();
                    kind = WorkKind.Continuation;
                }
                else if (_status == ActivationStatus.Created)
                {
                    _status = ActivationStatus.Activating;
                    BeginTurn(isWriter: true);
                    kind = WorkKind.Activate;
                }
                else if (_status == ActivationStatus.Valid && _deactivationRequest is { } reason && _running == 0)
                {
                    _status = ActivationStatus.Deactivating;
                    BeginTurn(isWriter: true);
                    deactivation = reason;
                    kind = WorkKind.Deactivate;
                }
                else if (_status == ActivationStatus.Valid && TryTakeRequest(out message))
                {
                    kind = WorkKind.Request;
                }
                else
                {
                    _scheduled = false;
                    return;
                }
            }

            switch (kind)
            {
                case WorkKind.Continuation:
                    continuation.Key(continuation.Value);
                    break;
                case WorkKind.Activate:
                    RunActivation();
                    break;
                case WorkKind.Deactivate:
                    RunDeactivation(deactivation);
                    break;
                default:
                    RunRequest(message!);
                    break;
            }
        }
    }

    private bool TryTakeRequest(out Message? message)
    {
        if (_interleaving is { Count: > 0 })
        {
            message = _interleaving.Dequeue();
            BeginTurn(!message.IsReadOnly);
            return true;
        }

        if (_waiting is { Count: > 0 })
        {
            var head = _waiting.Peek();
            if (_running == 0 || (head.IsReadOnly && _runningWriters == 0))
            {
                message = _waiting.Dequeue();
                BeginTurn(!message.IsReadOnly);
                return true;
            }
        }

        message = null;
        return false;
    }

    private bool WouldDeadlock(Message message)
    {
        if (message.Chain is null || _running == 0 || _descriptor.IsReentrant || message.AlwaysInterleave)
        {
            return false;
        }

        if (message.IsReadOnly && _runningWriters == 0)
        {
            return false;
        }

        return message.Chain.Contains(GrainId);
    }

    /// <summary>
    /// A read-only call from this activation's own call chain while only readers run: it may overlap them, and
    /// queueing it behind a waiting writer would deadlock (the writer waits for the reader that waits for this call).
    /// </summary>
    private bool IsReadOnlyCallback(Message message)
        => message.IsReadOnly && _runningWriters == 0 && _running > 0 && message.Chain?.Contains(GrainId) == true;

    private bool MarkScheduled()
    {
        if (_scheduled)
        {
            return false;
        }

        _scheduled = true;
        return true;
    }

    private void BeginTurn(bool isWriter)
    {
        _running++;
        if (isWriter)
        {
            _runningWriters++;
        }
    }

    private void EndTurn(bool isWriter, bool countsAsActivity)
    {
        _running--;
        if (isWriter)
        {
            _runningWriters--;
        }

        if (countsAsActivity)
        {
            _lastActiveTimestamp = _shared.TimeProvider.GetTimestamp();
        }
    }

    private enum WorkKind
    {
        Continuation,
        Activate,
        Request,
        Deactivate,
    }
}
