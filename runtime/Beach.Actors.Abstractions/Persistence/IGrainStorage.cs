namespace Beach.Actors.Persistence;

/// <summary>One stored version of a grain's state: serialized bytes and the ETag that names the version.</summary>
public sealed record StoredState(ReadOnlyMemory<byte> Payload, string Etag);

/// <summary>
/// A storage provider for grain state. It stores opaque bytes under (grain id, state name) and enforces ETags:
/// a write or clear whose expected ETag is not the stored one throws <see cref="InconsistentStateException"/>.
/// </summary>
public interface IGrainStorage
{
    /// <summary>The stored version, or null when there is none.</summary>
    Task<StoredState?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a new version if the stored ETag equals <paramref name="expectedEtag"/> (null: nothing stored yet).
    /// Returns the new ETag once the write is durable.
    /// </summary>
    Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken);

    /// <summary>Deletes the stored version if its ETag equals <paramref name="expectedEtag"/>.</summary>
    Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken);
}
