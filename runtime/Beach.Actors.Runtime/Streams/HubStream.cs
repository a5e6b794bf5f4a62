using Beach.Actors.Runtime.Catalog;
using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Streams;

/// <summary>
/// The <see cref="IAsyncStream{T}"/> handed out: a name and the hub, looking up the stream's state at every call, so
/// a reference kept for long keeps working after the hub dropped the stream as idle. Bound to an activation when a
/// grain asked for it: then its subscriptions deliver as that activation's turns and end with it. In a cluster a
/// publish goes to the stream's home, and a subscription first makes sure the hub mirrors the home's stream.
/// </summary>
internal sealed class HubStream<T>(LocalStreamHub hub, StreamId id, ActivationData? activation) : IAsyncStream<T>
{
    public StreamId Id => id;

    public StreamSequenceToken? LastToken => hub.GetOrCreate<T>(id).LastToken;

    public ValueTask<StreamSequenceToken> OnNextAsync(T item, CancellationToken cancellationToken = default)
    {
        if (hub.Cluster is { } cluster)
        {
            // Never waits on another process: a forwarded event is queued (bounded) and its home gives it its token.
            return new ValueTask<StreamSequenceToken>(cluster.Publish(id, item));
        }

        while (true)
        {
            switch (hub.GetOrCreate<T>(id).TryPublish(item, out var token, out var room))
            {
                case PublishOutcome.Published:
                    return new ValueTask<StreamSequenceToken>(token);
                case PublishOutcome.Blocked:
                    return PublishWhenRoomAsync(item, room!, cancellationToken);
            }
        }
    }

    public Task<IStreamSubscriptionHandle> SubscribeAsync(IAsyncObserver<T> observer, StreamSubscriptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return SubscribeAsync(StreamConsumer<T>.Of(observer), options ?? StreamSubscriptionOptions.Default);
    }

    public Task<IStreamSubscriptionHandle> SubscribeAsync(IAsyncBatchObserver<T> observer, StreamSubscriptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return SubscribeAsync(StreamConsumer<T>.Of(observer), options ?? StreamSubscriptionOptions.Default);
    }

    private Task<IStreamSubscriptionHandle> SubscribeAsync(StreamConsumer<T> consumer, StreamSubscriptionOptions options)
    {
        if (hub.Cluster is not { } cluster)
        {
            return Task.FromResult(Subscribe(consumer, options));
        }

        var synced = cluster.EnsureMirroredAsync<T>(hub, id);
        return synced.IsCompletedSuccessfully ? Task.FromResult(Subscribe(consumer, options)) : SubscribeWhenSyncedAsync(synced, consumer, options);
    }

    private async Task<IStreamSubscriptionHandle> SubscribeWhenSyncedAsync(Task synced, StreamConsumer<T> consumer, StreamSubscriptionOptions options)
    {
        await synced.ConfigureAwait(false);
        return Subscribe(consumer, options);
    }

    private IStreamSubscriptionHandle Subscribe(StreamConsumer<T> consumer, StreamSubscriptionOptions options)
    {
        while (true)
        {
            var state = hub.GetOrCreate<T>(id);
            var turns = activation is null ? null : new ActivationStreamTurns(activation);
            var subscription = new StreamSubscription<T>(state, consumer, options, turns);
            if (!state.TryAdd(subscription, options))
            {
                continue;
            }

            if (turns is not null && !turns.TryBind(subscription.Close))
            {
                subscription.Close();
                throw new InvalidOperationException($"{activation!.GrainId} is deactivating; it cannot subscribe to {id}.");
            }

            subscription.Start();
            return subscription;
        }
    }

    private async ValueTask<StreamSequenceToken> PublishWhenRoomAsync(T item, Task room, CancellationToken cancellationToken)
    {
        while (true)
        {
            await room.WaitAsync(cancellationToken).ConfigureAwait(false);
            switch (hub.GetOrCreate<T>(id).TryPublish(item, out var token, out var next))
            {
                case PublishOutcome.Published:
                    return token;
                case PublishOutcome.Blocked:
                    room = next!;
                    break;
                default:
                    room = Task.CompletedTask;
                    break;
            }
        }
    }
}
