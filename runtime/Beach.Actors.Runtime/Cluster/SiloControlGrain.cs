using Beach.Actors.Runtime.GrainDirectory;
using Beach.Actors.Runtime.Reminders;

namespace Beach.Actors.Runtime.Cluster;

/// <summary>
/// A silo's <see cref="ISiloControl"/>. Reentrant: each call is a short, independent operation on thread-safe
/// structures, so calls from many silos run side by side.
/// </summary>
[Reentrant]
[GrainType(TYPE)]
internal sealed class SiloControlGrain(DistributedGrainDirectory directory, ReminderService reminders) : Grain, ISiloControl
{
    public const string TYPE = SystemTargets.PREFIX + "silo-control";

    public Task<ActivationAddress?> LookupActivation(GrainId grain) => Task.FromResult(directory.LookupHere(grain));

    public Task<ActivationAddress> RegisterActivation(ActivationAddress address) => Task.FromResult(directory.RegisterHere(address));

    public Task UnregisterActivation(ActivationAddress address)
    {
        directory.UnregisterHere(address);
        return Task.CompletedTask;
    }

    public Task AcceptDirectoryHandOff(List<ActivationAddress> entries)
    {
        directory.AcceptHandOff(entries);
        return Task.CompletedTask;
    }

    public Task ReloadReminder(GrainId grain, string name) => reminders.ReloadAsync(grain, name);
}
