using Beach.Actors.Streams;

namespace Beach.Actors.Sessions;

/// <summary>
/// The session's event stream (<see cref="SessionEvents.StreamOf"/>): what a UI follows. Every event is published
/// after what it reports is on disk, so a subscriber never sees something that a crash could take back.
/// </summary>
internal sealed partial class SessionGrain
{
    private IAsyncStream<SessionEvent>? _events;

    private IAsyncStream<SessionEvent> Events => _events ??= GetStreamProvider().GetStream<SessionEvent>(SessionEvents.StreamOfGrainKey(GetPrimaryKeyString()));

    /// <summary>Publishes <paramref name="data"/> (an object serialized snake_case) as an event of <paramref name="kind"/>.</summary>
    private async Task PublishAsync<TData>(string kind, TData data)
        => await Events.OnNextAsync(SessionEvent.Create(kind, timeProvider.GetUtcNow(), data));
}
