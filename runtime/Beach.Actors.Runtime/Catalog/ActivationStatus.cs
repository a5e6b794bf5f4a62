namespace Beach.Actors.Runtime.Catalog;

/// <summary>Where an activation is in its life. It only moves forward.</summary>
internal enum ActivationStatus : byte
{
    /// <summary>In the catalog, not yet activated; requests queue.</summary>
    Created,

    /// <summary>State being read and OnActivateAsync running; requests queue.</summary>
    Activating,

    /// <summary>Serving requests.</summary>
    Valid,

    /// <summary>OnDeactivateAsync running; requests queue and go to the next activation.</summary>
    Deactivating,

    /// <summary>Gone from the catalog; anything that still reaches it is forwarded.</summary>
    Invalid,
}
