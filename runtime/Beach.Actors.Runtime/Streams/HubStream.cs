using Beach.Actors.Runtime.Catalog;
using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Streams;

/// <summary>
/// The <see cref="IAsyncStream{T}"/> handed out: a name and the hub, looking up the stream's state at every call, so
/// a reference kept for long keeps working after the hub dropped the stream as idle. Bound to an activation when a
/// grain asked for it: then its subscriptions deliver as that activation's turns and end with it.
/// </summary>
internal sealed class HubStream<T>(LocalStreamHub hub, StreamId id, ActivationData? activation) : IAsyncStream<T>
{
    public StreamId Id => id;

    public StreamSequenceToken? LastToken => hub.GetOrCreate<T>(id).LastToken;

    public ValueTask<StreamSequenceToken> OnNextAsync(T item, CancellationToken cancellationToken = default)
    {
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
        return Task.FromResult(Subscribe(StreamConsumer<T>.Of(observer), options ?? StreamSubscriptionOptions.Default));
    }

    public Task<IStreamSubscriptionHandle> SubscribeAsync(IAsyncBatchObserver<T> observer, StreamSubscriptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return Task.FromResult(Subscribe(StreamConsumer<T>.Of(observer), options ?? StreamSubscriptionOptions.Default));
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
