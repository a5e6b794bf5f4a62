namespace Beach.Actors.Streams;

/// <summary>
/// A stream of <typeparamref name="T"/> named by a <see cref="StreamId"/>. Producers publish with
/// <see cref="OnNextAsync"/>; consumers subscribe explicitly. The stream retains its newest events (a bounded ring,
/// oldest out first) so a subscriber can resume after a token. Get one from <see cref="IStreamProvider"/>.
/// </summary>
public interface IAsyncStream<T>
{
    /// <summary>The stream's name.</summary>
    StreamId Id { get; }

    /// <summary>
    /// Publishes <paramref name="item"/> to every subscription and to retention, and returns the token it was given.
    /// Completes at once unless a <see cref="OverflowPolicy.Block"/> subscriber's queue is full: then it waits until
    /// that subscriber makes room (or <paramref name="cancellationToken"/> fires, and nothing is published).
    /// </summary>
    ValueTask<StreamSequenceToken> OnNextAsync(T item, CancellationToken cancellationToken = default);

    /// <summary>Subscribes <paramref name="observer"/>, one event per call.</summary>
    /// <exception cref="OverloadedException">The stream has as many subscriptions as it may.</exception>
    Task<IStreamSubscriptionHandle> SubscribeAsync(IAsyncObserver<T> observer, StreamSubscriptionOptions? options = null);

    /// <summary>Subscribes <paramref name="observer"/>, in batches.</summary>
    /// <exception cref="OverloadedException">The stream has as many subscriptions as it may.</exception>
    Task<IStreamSubscriptionHandle> SubscribeAsync(IAsyncBatchObserver<T> observer, StreamSubscriptionOptions? options = null);

    /// <summary>The token of the newest event, or null when the stream (in its current epoch) has none.</summary>
    StreamSequenceToken? LastToken { get; }
}
