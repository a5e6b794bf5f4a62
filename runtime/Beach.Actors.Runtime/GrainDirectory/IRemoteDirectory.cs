using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.GrainDirectory;

/// <summary>
/// The directory operations one silo asks of the silo that owns a grain's partition. Each carries the version of the
/// asking silo's view, so an owner that has since handed the entry on can tell that it knows better.
/// </summary>
internal interface IRemoteDirectory
{
    Task<ActivationAddress?> LookupAsync(SiloAddress owner, GrainId grain, long viewVersion);

    /// <summary>First-wins registration at <paramref name="owner"/>; returns the activation that counts.</summary>
    Task<ActivationAddress> RegisterAsync(SiloAddress owner, ActivationAddress address, long viewVersion);

    Task UnregisterAsync(SiloAddress owner, ActivationAddress address, long viewVersion);

    /// <summary>Hands entries to their new owner after the ring changed.</summary>
    Task HandOffAsync(SiloAddress owner, IReadOnlyList<ActivationAddress> entries);

    /// <summary>Tells <paramref name="silo"/> that its activation at <paramref name="address"/> lost to another one.</summary>
    Task DeactivateDuplicateAsync(SiloAddress silo, ActivationAddress address);
}
