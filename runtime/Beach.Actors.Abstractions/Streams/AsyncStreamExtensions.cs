namespace Beach.Actors.Streams;

/// <summary>Subscribing with delegates instead of an observer class.</summary>
public static class AsyncStreamExtensions
{
    /// <summary>Subscribes <paramref name="onNext"/>; gaps go to <paramref name="onGap"/> and the end to <paramref name="onError"/>, if given.</summary>
    public static Task<IStreamSubscriptionHandle> SubscribeAsync<T>(
        this IAsyncStream<T> stream,
        Func<T, StreamSequenceToken, Task> onNext,
        StreamSubscriptionOptions? options = null,
        Func<StreamGap, Task>? onGap = null,
        Func<Exception, Task>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onNext);
        return stream.SubscribeAsync(new DelegateObserver<T>(onNext, onGap, onError), options);
    }

    private sealed class DelegateObserver<T>(
        Func<T, StreamSequenceToken, Task> onNext, Func<StreamGap, Task>? onGap, Func<Exception, Task>? onError) : IAsyncObserver<T>
    {
        public Task OnNextAsync(T item, StreamSequenceToken token) => onNext(item, token);

        public Task OnGapAsync(StreamGap gap) => onGap?.Invoke(gap) ?? Task.CompletedTask;

        public Task OnErrorAsync(Exception error) => onError?.Invoke(error) ?? Task.CompletedTask;
    }
}
