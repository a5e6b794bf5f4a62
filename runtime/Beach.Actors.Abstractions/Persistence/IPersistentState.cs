namespace Beach.Actors.Persistence;

/// <summary>
/// A grain's persisted state. It is read before <see cref="Grain.OnActivateAsync"/>; every write carries the ETag of
/// the last read or write, and a stale one throws <see cref="InconsistentStateException"/>.
/// </summary>
public interface IPersistentState<TState>
{
    /// <summary>The state. A fresh instance when nothing is stored.</summary>
    TState State { get; set; }

    /// <summary>The ETag of the stored version this activation last read or wrote; null when nothing is stored.</summary>
    string? Etag { get; }

    /// <summary>Whether a stored record exists.</summary>
    bool RecordExists { get; }

    /// <summary>Reads the state from storage, replacing <see cref="State"/>.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <see cref="State"/>; durable when the task completes.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored record and resets <see cref="State"/>.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
