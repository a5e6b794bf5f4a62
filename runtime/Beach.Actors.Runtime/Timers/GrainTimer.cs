using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Catalog;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Timers;

namespace Beach.Actors.Runtime.Timers;

/// <summary>
/// A timer of one activation. Each tick is queued as a message, so it runs as a turn; the next tick is armed only
/// when the callback's task has finished, so a tick never overlaps the one before it.
/// </summary>
internal sealed class GrainTimer : IGrainTimer, IResponseSink
{
    private readonly ActivationData _activation;
    private readonly TimerTickRequest _tick;
    private readonly bool _keepAlive;
    private readonly ITimer _timer;
    private readonly TimeSpan _dueTime;
    private TimeSpan _period;
    private volatile bool _stopped;

    public GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options, TimeProvider timeProvider)
    {
        Validate(options.DueTime, options.Period);
        _activation = activation;
        _tick = new TimerTickRequest(callback, options.Interleave);
        _keepAlive = options.KeepAlive;
        _dueTime = options.DueTime;
        _period = options.Period;
        _timer = timeProvider.CreateTimer(static state => ((GrainTimer)state!).OnElapsed(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Start() => Arm(_dueTime);

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        Validate(dueTime, period);
        _period = period;
        Arm(dueTime);
    }

    /// <summary>A zero period would re-arm at once after every tick, forever: refuse it wherever a period is set.</summary>
    private static void Validate(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "A timer's due time is zero or more, or infinite.");
        }

        if (period <= TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(
                nameof(period), period, "A timer's period is positive, or Timeout.InfiniteTimeSpan for a one-shot timer.");
        }
    }

    public void Dispose()
    {
        Stop();
        _activation.RemoveTimer(this);
    }

    internal void Stop()
    {
        _stopped = true;
        _timer.Dispose();
    }

    /// <summary>The tick's callback finished: arm the next one.</summary>
    void IResponseSink.Complete(Response response)
    {
        if (response.Exception is { } exception and not OperationCanceledException)
        {
            _activation.ReportTimerFailure(exception);
        }

        if (_period != Timeout.InfiniteTimeSpan)
        {
            Arm(_period);
        }
    }

    private void Arm(TimeSpan dueTime)
    {
        if (_stopped)
        {
            return;
        }

        try
        {
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Stopped between the check and the change.
        }
    }

    private void OnElapsed()
    {
        if (_stopped)
        {
            return;
        }

        _activation.Enqueue(new Message(0, _activation.GrainId, _tick, this, chain: null, long.MaxValue)
        {
            CountsAsActivity = _keepAlive,
            IsBoundToActivation = true,
        });
    }

    /// <summary>A tick as a request, so that it goes through the activation's queue like any call.</summary>
    private sealed class TimerTickRequest(Func<CancellationToken, Task> callback, bool interleave) : IInvokable
    {
        private static readonly MethodDescriptor s_tick = new("GrainTimer", "Tick", InvokeMethodOptions.None);
        private static readonly MethodDescriptor s_interleavingTick = new("GrainTimer", "Tick", InvokeMethodOptions.AlwaysInterleave);

        public MethodDescriptor Method => interleave ? s_interleavingTick : s_tick;

        public bool HasCancellationToken => false;

        public CancellationToken CancellationToken { get; set; }

        public ValueTask<Response> InvokeAsync(object grain)
        {
            Task pending;
            try
            {
                pending = callback(CancellationToken.None);
            }
            catch (Exception exception)
            {
                return new ValueTask<Response>(Response.FromException(exception));
            }

            return pending.IsCompletedSuccessfully ? new ValueTask<Response>(Response.FromResult(default(VoidResult))) : Await(pending);
        }

        public IInvokable DeepCopy() => this;

        private static async ValueTask<Response> Await(Task pending)
        {
            try
            {
                await pending;
                return Response.FromResult(default(VoidResult));
            }
            catch (Exception exception)
            {
                return Response.FromException(exception);
            }
        }
    }
}
