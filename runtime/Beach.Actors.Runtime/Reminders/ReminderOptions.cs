namespace Beach.Actors.Runtime.Reminders;

/// <summary>How reminders behave. Every default is a <c>DEFAULT_</c> constant here.</summary>
public sealed class ReminderOptions
{
    /// <summary>The shortest period a reminder may have: 1 minute. Reminders are for coarse, durable schedules; use a grain timer for anything faster.</summary>
    public const int DEFAULT_MINIMUM_PERIOD_SECONDS = 60;

    /// <summary>How often a silo re-reads the reminders of the ring ranges it owns, to pick up ones registered through other silos: 5 minutes.</summary>
    public const int DEFAULT_REFRESH_PERIOD_SECONDS = 300;

    /// <summary>The most reminders one grain may have: 100. One more is refused with <see cref="InvalidOperationException"/>.</summary>
    public const int DEFAULT_MAX_REMINDERS_PER_GRAIN = 100;

    /// <summary>
    /// The most reminders one silo keeps armed: 1,000,000 (a few hundred bytes each). Past it, the silo logs a warning and
    /// arms no more until some are removed or move away; they stay in the table and tick once a silo with room owns them.
    /// </summary>
    public const int DEFAULT_MAX_ARMED_REMINDERS = 1_000_000;

    /// <inheritdoc cref="DEFAULT_MINIMUM_PERIOD_SECONDS"/>
    public TimeSpan MinimumPeriod { get; set; } = TimeSpan.FromSeconds(DEFAULT_MINIMUM_PERIOD_SECONDS);

    /// <inheritdoc cref="DEFAULT_REFRESH_PERIOD_SECONDS"/>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(DEFAULT_REFRESH_PERIOD_SECONDS);

    /// <inheritdoc cref="DEFAULT_MAX_REMINDERS_PER_GRAIN"/>
    public int MaxRemindersPerGrain { get; set; } = DEFAULT_MAX_REMINDERS_PER_GRAIN;

    /// <inheritdoc cref="DEFAULT_MAX_ARMED_REMINDERS"/>
    public int MaxArmedReminders { get; set; } = DEFAULT_MAX_ARMED_REMINDERS;
}
