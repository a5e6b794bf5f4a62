using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Reminders;

/// <summary>
/// Tells the silo that owns a grain's reminders that one of them changed, when it was registered or removed through
/// another silo. Only a cluster needs one; without it the owner's periodic refresh finds the change.
/// </summary>
internal interface IReminderOwnerNotifier
{
    Task ChangedAsync(GrainId grain, string name);
}

/// <summary>What one silo asks of another's reminder service.</summary>
internal interface IRemoteReminders
{
    /// <summary>Has <paramref name="owner"/> re-read the reminder and arm or disarm it.</summary>
    Task ReloadAsync(SiloAddress owner, GrainId grain, string name);
}
