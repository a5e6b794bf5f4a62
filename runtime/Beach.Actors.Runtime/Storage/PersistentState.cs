using System.Text.Json;
using Beach.Actors.Persistence;

namespace Beach.Actors.Runtime.Storage;

/// <summary>
/// A grain's state in a storage provider. Serialized to JSON on write, so what is stored never aliases the grain's
/// object; every write and clear carries the ETag of the last read or write.
/// </summary>
internal sealed class PersistentState<TState>(GrainId grainId, string stateName, IGrainStorage storage, JsonSerializerOptions serializerOptions)
    : IPersistentState<TState>, IActivationState
{
    public TState State { get; set; } = CreateDefault();

    public string? Etag { get; private set; }

    public bool RecordExists { get; private set; }

    public Task ReadAsync(CancellationToken cancellationToken) => ReadStateAsync(cancellationToken);

    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await storage.ReadAsync(grainId, stateName, cancellationToken);
        if (stored is null)
        {
            State = CreateDefault();
            Etag = null;
            RecordExists = false;
            return;
        }

        State = JsonSerializer.Deserialize<TState>(stored.Payload.Span, serializerOptions) ?? CreateDefault();
        Etag = stored.Etag;
        RecordExists = true;
    }

    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(State, serializerOptions);
        Etag = await storage.WriteAsync(grainId, stateName, payload, Etag, cancellationToken);
        RecordExists = true;
    }

    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        if (RecordExists)
        {
            await storage.ClearAsync(grainId, stateName, Etag, cancellationToken);
        }

        State = CreateDefault();
        Etag = null;
        RecordExists = false;
    }

    private static TState CreateDefault()
        => typeof(TState).IsValueType || typeof(TState).GetConstructor(Type.EmptyTypes) is null
            ? default!
            : Activator.CreateInstance<TState>();
}
