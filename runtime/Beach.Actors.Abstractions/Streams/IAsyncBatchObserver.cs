namespace Beach.Actors.Streams;

/// <summary>
/// Receives a subscription's events in batches: everything queued when the subscription's loop wakes, up to a bound,
/// in stream order. For consumers that pay per write (a network connection flushes once per batch).
/// </summary>
public interface IAsyncBatchObserver<T>
{
    /// <summary>
    /// The next events, oldest first. The list is only valid until the returned task completes: copy what you keep.
    /// </summary>
    Task OnNextBatchAsync(IReadOnlyList<StreamEvent<T>> batch);

    /// <summary>Events are missing before the next batch: see <see cref="StreamGap"/>. By default ignored.</summary>
    Task OnGapAsync(StreamGap gap) => Task.CompletedTask;

    /// <summary>The subscription has ended with <paramref name="error"/>; nothing follows. By default ignored.</summary>
    Task OnErrorAsync(Exception error) => Task.CompletedTask;
}
