using Beach.Actors.Cluster;
using Beach.Actors.Runtime.GrainDirectory;
using Beach.Actors.Runtime.Reminders;

namespace Beach.Actors.Runtime.Cluster;

/// <summary>The directory, reminder and membership operations on other silos, as calls to their <see cref="ISiloControl"/> grain.</summary>
/// <remarks>
/// The grain factory is resolved on first use: the factory's router needs the directory, and the directory needs this
/// client, so taking the factory in the constructor would make a cycle the container cannot build.
/// </remarks>
internal sealed class SiloControlClient(Func<IGrainFactory> grainFactory) : IRemoteDirectory, IRemoteReminders
{
    private IGrainFactory? _grains;

    public Task<ActivationAddress?> LookupAsync(SiloAddress owner, GrainId grain, long viewVersion) => On(owner).LookupActivation(grain, viewVersion);

    public Task<ActivationAddress> RegisterAsync(SiloAddress owner, ActivationAddress address, long viewVersion) => On(owner).RegisterActivation(address, viewVersion);

    public Task UnregisterAsync(SiloAddress owner, ActivationAddress address, long viewVersion) => On(owner).UnregisterActivation(address, viewVersion);

    public Task HandOffAsync(SiloAddress owner, IReadOnlyList<ActivationAddress> entries) => On(owner).AcceptDirectoryHandOff([.. entries]);

    public Task DeactivateDuplicateAsync(SiloAddress silo, ActivationAddress address) => On(silo).DeactivateDuplicate(address);

    public Task ReloadAsync(SiloAddress owner, GrainId grain, string name) => On(owner).ReloadReminder(grain, name);

    /// <summary>Asks <paramref name="silo"/> to read the membership table now.</summary>
    public Task RefreshViewAsync(SiloAddress silo) => On(silo).RefreshView();

    private ISiloControl On(SiloAddress silo) => (_grains ??= grainFactory()).GetGrain<ISiloControl>(silo.ToString());
}
