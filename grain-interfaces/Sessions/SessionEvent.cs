using System.Text.Json;

namespace Beach.Actors.Sessions;

/// <summary>
/// One thing that happened to a session, as its event stream (<see cref="SessionEvents.StreamOf"/>) carries it to the
/// UI: what kind of thing (<see cref="SessionEventKinds"/>), when, and its facts as a JSON object.
/// </summary>
/// <param name="Kind">What happened, one of <see cref="SessionEventKinds"/>: a snake_case word such as <c>lease_granted</c>.</param>
/// <param name="At">When it happened, by the publisher's clock.</param>
/// <param name="Data">Its facts (for a lease: <c>controller_id</c>, <c>fencing_token</c>, <c>expires_at</c>), always a JSON object.</param>
[Immutable]
public sealed record SessionEvent(string Kind, DateTimeOffset At, JsonElement Data)
{
    private static readonly JsonElement s_emptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>An event of <paramref name="kind"/> at <paramref name="at"/> with no facts (an empty object).</summary>
    /// <exception cref="ArgumentException">The kind is blank.</exception>
    public static SessionEvent Create(string kind, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        return new SessionEvent(kind, at, s_emptyObject);
    }

    /// <summary>
    /// An event of <paramref name="kind"/> at <paramref name="at"/>; <paramref name="data"/> must be a JSON object (an
    /// undefined element counts as an empty one). The element is cloned, so the event owns its data.
    /// </summary>
    /// <exception cref="ArgumentException">The kind is blank, or the data is not a JSON object.</exception>
    public static SessionEvent Create(string kind, DateTimeOffset at, JsonElement data)
        => data.ValueKind == JsonValueKind.Undefined ? Create(kind, at) : Owning(kind, at, data, clone: true);

    /// <summary>
    /// An event whose data is <paramref name="data"/> serialized, by default with <see cref="SessionEvents.DataSerializerOptions"/>
    /// (snake_case). It must serialize to a JSON object.
    /// </summary>
    public static SessionEvent Create<TData>(string kind, DateTimeOffset at, TData data, JsonSerializerOptions? options = null)
        // A freshly serialized element owns its document already: no clone.
        => Owning(kind, at, JsonSerializer.SerializeToElement(data, options ?? SessionEvents.DataSerializerOptions), clone: false);

    /// <summary>An event that owns <paramref name="data"/>, cloned unless the caller's element is its own already.</summary>
    private static SessionEvent Owning(string kind, DateTimeOffset at, JsonElement data, bool clone)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        return data.ValueKind == JsonValueKind.Object
            ? new SessionEvent(kind, at, clone ? data.Clone() : data)
            : throw new ArgumentException($"A session event's data is a JSON object, not {data.ValueKind}.", nameof(data));
    }
}
