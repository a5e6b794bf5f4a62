using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.GrainDirectory;

/// <summary>The directory operations one silo asks of the silo that owns a grain's partition.</summary>
internal interface IRemoteDirectory
{
    Task<ActivationAddress?> LookupAsync(SiloAddress owner, GrainId grain);

    /// <summary>First-wins registration at <paramref name="owner"/>; returns the activation that counts.</summary>
    Task<ActivationAddress> RegisterAsync(SiloAddress owner, ActivationAddress address);

    Task UnregisterAsync(SiloAddress owner, ActivationAddress address);

    /// <summary>Hands entries to their new owner after the ring changed.</summary>
    Task HandOffAsync(SiloAddress owner, IReadOnlyList<ActivationAddress> entries);
}
