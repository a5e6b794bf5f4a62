using Beach.Actors.Runtime.Reminders;

namespace Beach.Actors.Runtime.Cluster;

/// <summary>Sends a reminder change to the silo whose ring range holds the grain.</summary>
internal sealed class ClusterReminderNotifier(ClusterViewSource views, IRemoteReminders remote) : IReminderOwnerNotifier
{
    public Task ChangedAsync(GrainId grain, string name)
    {
        var view = views.Current;
        return view.Ring.IsEmpty ? Task.CompletedTask : remote.ReloadAsync(view.Ring.OwnerOf(grain), grain, name);
    }
}
