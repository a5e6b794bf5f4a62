using Beach.Actors.Cluster;
using Beach.Actors.Invocation;
using Beach.Actors.Reminders;
using Beach.Actors.Runtime.Messaging;

namespace Beach.Actors.Runtime.Reminders;

/// <summary>
/// One reminder armed on this silo: a timer on the injected clock that sends a tick to the grain at each point of
/// its schedule. Ticks never overlap: while one is still running, the next scheduled one is skipped, unless the
/// running one is older than the call timeout (its response was lost with a silo), so a lost answer never stops
/// the reminder.
/// </summary>
internal sealed class LocalReminder : IResponseSink, IDisposable
{
    private readonly ReminderService _service;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private DateTimeOffset _scheduled;
    private DateTimeOffset? _runningSince;
    private bool _disposed;

    public LocalReminder(ReminderService service, ReminderEntry entry)
    {
        _service = service;
        Entry = entry;
        _timer = service.TimeProvider.CreateTimer(static state => ((LocalReminder)state!).OnElapsed(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public ReminderEntry Entry { get; }

    /// <summary>How many ticks it sent.</summary>
    public int TicksSent { get; private set; }

    /// <summary>Arms the timer for the next point of the schedule; with <paramref name="tickNow"/>, a point that is exactly now counts.</summary>
    public void Start(bool tickNow)
    {
        lock (_lock)
        {
            var now = _service.TimeProvider.GetUtcNow();
            ArmAfter(tickNow ? now - TimeSpan.FromTicks(1) : now);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }

    void IResponseSink.Complete(Response response)
    {
        lock (_lock)
        {
            _runningSince = null;
        }

        if (response.Exception is { } exception)
        {
            _service.ReportTickFailure(Entry, exception);
        }
    }

    private void OnElapsed()
    {
        var now = _service.TimeProvider.GetUtcNow();
        TickStatus status;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (now < _scheduled)
            {
                // The clock moved back or the timer fired early: wait for the point itself.
                _timer.Change(_scheduled - now, Timeout.InfiniteTimeSpan);
                return;
            }

            status = new TickStatus(Entry.StartAt, Entry.Period, _scheduled);
            var skip = _runningSince is { } since && now - since < _service.TickTimeout;
            ArmAfter(now);
            if (skip)
            {
                return;
            }

            _runningSince = now;
            TicksSent++;
        }

        _service.SendTick(Entry, status, this);
    }

    private void ArmAfter(DateTimeOffset after)
    {
        if (_disposed)
        {
            return;
        }

        _scheduled = ReminderSchedule.NextTick(Entry, after);
        var due = _scheduled - _service.TimeProvider.GetUtcNow();
        _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}
