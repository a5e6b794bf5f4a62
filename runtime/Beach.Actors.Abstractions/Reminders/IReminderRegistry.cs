namespace Beach.Actors.Reminders;

/// <summary>
/// Registers durable reminders: they are written to the reminder table before the call returns, survive restarts and
/// fail-over, and tick on whichever silo owns the grain. <see cref="Grain"/> exposes these for its own id.
/// </summary>
public interface IReminderRegistry
{
    /// <summary>Registers <paramref name="name"/> on <paramref name="grain"/>, or replaces its schedule.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The due time is negative or the period below the configured minimum.</exception>
    /// <exception cref="InvalidOperationException">The grain already has the most reminders allowed.</exception>
    Task<GrainReminder> RegisterOrUpdateReminder(GrainId grain, string name, TimeSpan dueTime, TimeSpan period);

    /// <summary>Removes the reminder. A reminder changed since it was read (another ETag) is left in place.</summary>
    /// <returns>Whether it was removed.</returns>
    Task<bool> UnregisterReminder(GrainId grain, GrainReminder reminder);

    /// <summary>The reminder <paramref name="name"/> of <paramref name="grain"/>, or null.</summary>
    Task<GrainReminder?> GetReminder(GrainId grain, string name);

    /// <summary>Every reminder of <paramref name="grain"/>.</summary>
    Task<IReadOnlyList<GrainReminder>> GetReminders(GrainId grain);
}
