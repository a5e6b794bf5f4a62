using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Streams;

/// <summary>What a subscription delivers to: an item observer or a batch observer behind one shape.</summary>
internal abstract class StreamConsumer<T>
{
    public abstract Task OnBatchAsync(EventBatch<T> batch);

    public abstract Task OnGapAsync(StreamGap gap);

    public abstract Task OnErrorAsync(Exception error);

    public static StreamConsumer<T> Of(IAsyncObserver<T> observer) => new ItemConsumer(observer);

    public static StreamConsumer<T> Of(IAsyncBatchObserver<T> observer) => new BatchConsumer(observer);

    private sealed class ItemConsumer(IAsyncObserver<T> observer) : StreamConsumer<T>
    {
        public override Task OnBatchAsync(EventBatch<T> batch)
        {
            // One await per item only when an item really waits: most observers complete synchronously.
            for (var i = 0; i < batch.Count && !batch.IsStopped; i++)
            {
                var item = batch[i];
                var pending = observer.OnNextAsync(item.Item, item.Token);
                if (!pending.IsCompletedSuccessfully)
                {
                    return AwaitRestAsync(pending, batch, i + 1);
                }
            }

            return Task.CompletedTask;
        }

        private async Task AwaitRestAsync(Task pending, EventBatch<T> batch, int next)
        {
            await pending.ConfigureAwait(false);
            for (var i = next; i < batch.Count && !batch.IsStopped; i++)
            {
                var item = batch[i];
                await observer.OnNextAsync(item.Item, item.Token).ConfigureAwait(false);
            }
        }

        public override Task OnGapAsync(StreamGap gap) => observer.OnGapAsync(gap);

        public override Task OnErrorAsync(Exception error) => observer.OnErrorAsync(error);
    }

    private sealed class BatchConsumer(IAsyncBatchObserver<T> observer) : StreamConsumer<T>
    {
        public override Task OnBatchAsync(EventBatch<T> batch) => observer.OnNextBatchAsync(batch);

        public override Task OnGapAsync(StreamGap gap) => observer.OnGapAsync(gap);

        public override Task OnErrorAsync(Exception error) => observer.OnErrorAsync(error);
    }
}
