namespace Beach.Actors.Persistence;

/// <summary>
/// A write carried a stale ETag: someone else wrote the state since it was read. The activation deactivates itself
/// so that the next call reads the current state.
/// </summary>
public sealed class InconsistentStateException(string message, string? storedEtag = null, string? currentEtag = null)
    : Exception(message)
{
    /// <summary>The ETag found in storage, if known.</summary>
    public string? StoredEtag { get; } = storedEtag;

    /// <summary>The ETag the writer held.</summary>
    public string? CurrentEtag { get; } = currentEtag;
}
