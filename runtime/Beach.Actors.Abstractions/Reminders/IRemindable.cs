namespace Beach.Actors.Reminders;

/// <summary>
/// Implemented by a grain class that registers reminders: the runtime calls <see cref="ReceiveReminder"/> as a turn of
/// the grain at every tick, activating the grain first if it is not active.
/// </summary>
public interface IRemindable
{
    /// <summary>One tick of the reminder <paramref name="reminderName"/>.</summary>
    Task ReceiveReminder(string reminderName, TickStatus status);
}

/// <summary>Where a tick sits in its reminder's schedule.</summary>
/// <param name="FirstTickTime">The reminder's first tick.</param>
/// <param name="Period">The time between ticks.</param>
/// <param name="CurrentTickTime">The scheduled time of this tick (it may run a little later).</param>
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);

/// <summary>A registered reminder, as <see cref="IReminderRegistry"/> hands it out.</summary>
/// <param name="Name">Its name, unique per grain.</param>
/// <param name="FirstTickTime">The first tick.</param>
/// <param name="Period">The time between ticks.</param>
/// <param name="ETag">The stored row's version; unregistering names it.</param>
public sealed record GrainReminder(string Name, DateTimeOffset FirstTickTime, TimeSpan Period, string ETag);
