using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Reminders;

/// <summary>
/// When a reminder ticks: at its start and then every period, on a fixed grid, so ticks never drift. A tick missed
/// while no silo owned the reminder is not made up: the next one is the next point of the grid.
/// </summary>
internal static class ReminderSchedule
{
    /// <summary>The first tick strictly after <paramref name="after"/>, or the start if that is later.</summary>
    public static DateTimeOffset NextTick(ReminderEntry reminder, DateTimeOffset after)
    {
        if (after < reminder.StartAt)
        {
            return reminder.StartAt;
        }

        var elapsed = (after - reminder.StartAt).Ticks;
        var periods = elapsed / reminder.Period.Ticks + 1;
        return reminder.StartAt + TimeSpan.FromTicks(periods * reminder.Period.Ticks);
    }
}
