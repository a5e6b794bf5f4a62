namespace Beach.Actors.Runtime.Membership;

/// <summary>
/// Runs one membership loop (probing, I-am-alive, refresh, cleanup) on a <see cref="TimeProvider"/>, never
/// overlapping itself: the next run is due one period after the previous one started, or at once when it took longer.
/// The work starts on the timer's thread, so on a manual clock a run that never waits finishes inside the advance.
/// </summary>
internal sealed class MembershipTimer
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _period;
    private readonly Func<CancellationToken, Task> _work;
    private readonly Action<Exception> _failed;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _timer;
    private TaskCompletionSource? _running;
    private bool _stopped;

    /// <param name="time">The clock.</param>
    /// <param name="period">How often the work runs.</param>
    /// <param name="work">One run; its token is cancelled when the timer stops.</param>
    /// <param name="failed">Told of a run that threw; the loop goes on.</param>
    public MembershipTimer(TimeProvider time, TimeSpan period, Func<CancellationToken, Task> work, Action<Exception> failed)
    {
        _time = time;
        _period = period;
        _work = work;
        _failed = failed;
        _timer = time.CreateTimer(static state => ((MembershipTimer)state!).Tick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether a run is under way.</summary>
    public bool IsBusy
    {
        get
        {
            lock (_lock)
            {
                return _running is not null;
            }
        }
    }

    /// <summary>Schedules the first run one period from now.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (!_stopped)
            {
                _timer.Change(_period, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Stops the loop and cancels a run under way; completes when that run has ended. Never await it from the work itself.</summary>
    public Task StopAsync()
    {
        Task pending;
        lock (_lock)
        {
            _stopped = true;
            _timer.Dispose();
            pending = _running?.Task ?? Task.CompletedTask;
        }

        _stopping.Cancel();
        return pending;
    }

    private void Tick()
    {
        TaskCompletionSource running;
        lock (_lock)
        {
            if (_stopped || _running is not null)
            {
                return;
            }

            running = _running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _ = RunAsync(running);
    }

    private async Task RunAsync(TaskCompletionSource running)
    {
        var started = _time.GetTimestamp();
        try
        {
            await _work(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // Reported, and the loop goes on: one failed table read must not end membership.
            _failed(exception);
        }
        finally
        {
            lock (_lock)
            {
                if (!_stopped)
                {
                    var due = _period - _time.GetElapsedTime(started);
                    _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                }

                _running = null;
            }

            running.TrySetResult();
        }
    }
}
