namespace Beach.Actors.Cluster.Tests.Support;

/// <summary>The system clock for one silo, whose timers stop firing when the silo is killed.</summary>
internal sealed class KillableTimeProvider(KillSwitch killSwitch) : TimeProvider
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        => System.CreateTimer(
            tickState =>
            {
                if (!killSwitch.IsKilled)
                {
                    callback(tickState);
                }
            },
            state,
            dueTime,
            period);
}
