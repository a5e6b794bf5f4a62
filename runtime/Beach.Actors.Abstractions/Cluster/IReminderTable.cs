namespace Beach.Actors.Cluster;

/// <summary>
/// Where reminders live so that they survive restarts and fail-over. Each silo reads the reminders of the grains
/// whose uniform hash (<see cref="GrainId.GetUniformHashCode"/>) falls in the ring range it owns.
/// </summary>
public interface IReminderTable
{
    /// <summary>Creates what the table needs. Safe to call from every silo.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>The reminders of one grain.</summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grain, CancellationToken cancellationToken);

    /// <summary>
    /// The reminders whose grain hash is in the ring range (<paramref name="begin"/>, <paramref name="end"/>]; when
    /// <paramref name="begin"/> ≥ <paramref name="end"/> the range wraps around zero.
    /// </summary>
    Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(uint begin, uint end, CancellationToken cancellationToken);

    /// <summary>One reminder, or null.</summary>
    Task<ReminderEntry?> ReadRowAsync(GrainId grain, string name, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the reminder; returns its new ETag.</summary>
    Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes the reminder if its ETag is still <paramref name="etag"/>.</summary>
    /// <returns>Whether it was removed.</returns>
    Task<bool> RemoveRowAsync(GrainId grain, string name, string etag, CancellationToken cancellationToken);
}
