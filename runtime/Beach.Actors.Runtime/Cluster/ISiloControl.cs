using System.Collections.Immutable;
using Beach.Actors.Runtime.GrainDirectory;

namespace Beach.Actors.Runtime.Cluster;

/// <summary>
/// What silos ask of each other: the directory partition and the reminders a silo owns, and a fresh look at
/// membership. One system grain per silo, keyed by the silo's address.
/// </summary>
internal interface ISiloControl : IGrainWithStringKey
{
    /// <remarks>Each directory call carries the version of the caller's view; see <see cref="DistributedGrainDirectory"/>.</remarks>
    Task<ActivationAddress?> LookupActivation(GrainId grain, long viewVersion);

    Task<ActivationAddress> RegisterActivation(ActivationAddress address, long viewVersion);

    Task UnregisterActivation(ActivationAddress address, long viewVersion);

    Task AcceptDirectoryHandOff(ImmutableArray<ActivationAddress> entries);

    /// <summary>The activation at <paramref name="address"/> lost its directory entry to another one: it deactivates.</summary>
    Task DeactivateDuplicate(ActivationAddress address);

    Task ReloadReminder(GrainId grain, string name);

    /// <summary>Reads the membership table now: the caller joined or is leaving (see <see cref="ClusterAnnouncer"/>).</summary>
    Task RefreshView();
}
