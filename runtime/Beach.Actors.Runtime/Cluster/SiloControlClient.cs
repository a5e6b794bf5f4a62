using Beach.Actors.Cluster;
using Beach.Actors.Runtime.GrainDirectory;
using Beach.Actors.Runtime.Reminders;

namespace Beach.Actors.Runtime.Cluster;

/// <summary>The directory and reminder operations on other silos, as calls to their <see cref="ISiloControl"/> grain.</summary>
/// <remarks>
/// The grain factory is resolved on first use: the factory's router needs the directory, and the directory needs this
/// client, so taking the factory in the constructor would make a cycle the container cannot build.
/// </remarks>
internal sealed class SiloControlClient(Func<IGrainFactory> grainFactory) : IRemoteDirectory, IRemoteReminders
{
    private IGrainFactory? _grains;

    public Task<ActivationAddress?> LookupAsync(SiloAddress owner, GrainId grain) => On(owner).LookupActivation(grain);

    public Task<ActivationAddress> RegisterAsync(SiloAddress owner, ActivationAddress address) => On(owner).RegisterActivation(address);

    public Task UnregisterAsync(SiloAddress owner, ActivationAddress address) => On(owner).UnregisterActivation(address);

    public Task HandOffAsync(SiloAddress owner, IReadOnlyList<ActivationAddress> entries) => On(owner).AcceptDirectoryHandOff([.. entries]);

    public Task ReloadAsync(SiloAddress owner, GrainId grain, string name) => On(owner).ReloadReminder(grain, name);

    private ISiloControl On(SiloAddress silo) => (_grains ??= grainFactory()).GetGrain<ISiloControl>(silo.ToString());
}
