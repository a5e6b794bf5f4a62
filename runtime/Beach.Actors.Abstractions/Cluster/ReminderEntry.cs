namespace Beach.Actors.Cluster;

/// <summary>A durable reminder: it ticks <paramref name="Name"/> on <paramref name="Grain"/> every <paramref name="Period"/> from <paramref name="StartAt"/>.</summary>
/// <param name="Grain">The grain it wakes.</param>
/// <param name="Name">Its name, unique per grain.</param>
/// <param name="StartAt">The first tick.</param>
/// <param name="Period">The time between ticks.</param>
/// <param name="ETag">The provider's token for this version of the row; empty for a row not yet written.</param>
public sealed record ReminderEntry(GrainId Grain, string Name, DateTimeOffset StartAt, TimeSpan Period, string ETag);
