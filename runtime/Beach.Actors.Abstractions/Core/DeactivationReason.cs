namespace Beach.Actors;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReason
{
    /// <summary>The activation was idle for longer than its collection age.</summary>
    IdleCollection,

    /// <summary>The grain asked for it with <see cref="Grain.DeactivateOnIdle"/>.</summary>
    ApplicationRequested,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary>The activation's persisted state was changed by someone else (stale ETag).</summary>
    InconsistentState,

    /// <summary>Activation or a turn failed in a way that leaves the activation unusable.</summary>
    Error,

    /// <summary>Another silo holds the grain's activation in the directory (after a failure window): this duplicate goes.</summary>
    DuplicateActivation,
}
