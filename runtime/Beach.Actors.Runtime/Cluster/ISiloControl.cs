using Beach.Actors.Runtime.GrainDirectory;

namespace Beach.Actors.Runtime.Cluster;

/// <summary>
/// What silos ask of each other: the directory partition and the reminders a silo owns. One system grain per silo,
/// keyed by the silo's address.
/// </summary>
internal interface ISiloControl : IGrainWithStringKey
{
    Task<ActivationAddress?> LookupActivation(GrainId grain);

    Task<ActivationAddress> RegisterActivation(ActivationAddress address);

    Task UnregisterActivation(ActivationAddress address);

    Task AcceptDirectoryHandOff(List<ActivationAddress> entries);

    Task ReloadReminder(GrainId grain, string name);
}
