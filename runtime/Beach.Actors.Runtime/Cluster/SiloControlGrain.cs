using System.Collections.Immutable;
using Beach.Actors.Runtime.GrainDirectory;
using Beach.Actors.Runtime.Reminders;

namespace Beach.Actors.Runtime.Cluster;

/// <summary>
/// A silo's <see cref="ISiloControl"/>. Reentrant: each call is a short, independent operation on thread-safe
/// structures, so calls from many silos run side by side.
/// </summary>
[Reentrant]
[GrainType(TYPE)]
internal sealed class SiloControlGrain(DistributedGrainDirectory directory, ReminderService reminders, IClusterViewRefresher views) : Grain, ISiloControl
{
    public const string TYPE = SystemTargets.PREFIX + "silo-control";

    public Task<ActivationAddress?> LookupActivation(GrainId grain, long viewVersion) => directory.LookupHereAsync(grain, viewVersion);

    public Task<ActivationAddress> RegisterActivation(ActivationAddress address, long viewVersion) => directory.RegisterHereAsync(address, viewVersion);

    public Task UnregisterActivation(ActivationAddress address, long viewVersion) => directory.UnregisterHereAsync(address, viewVersion);

    public Task AcceptDirectoryHandOff(ImmutableArray<ActivationAddress> entries)
    {
        directory.AcceptHandOff(entries);
        return Task.CompletedTask;
    }

    public Task DeactivateDuplicate(ActivationAddress address)
    {
        directory.DeactivateDuplicateHere(address);
        return Task.CompletedTask;
    }

    public Task ReloadReminder(GrainId grain, string name) => reminders.ReloadAsync(grain, name);

    public Task RefreshView() => views.RefreshViewAsync(CancellationToken.None);
}
