namespace Beach.Actors.Streams;

/// <summary>
/// Receives a subscription's events one at a time, in stream order. The next call waits for the task of the previous
/// one, so an observer never runs in parallel with itself; a grain observer's calls are turns of its activation.
/// </summary>
public interface IAsyncObserver<in T>
{
    /// <summary>The next event and its token.</summary>
    Task OnNextAsync(T item, StreamSequenceToken token);

    /// <summary>Events are missing before the next one: see <see cref="StreamGap"/>. By default ignored.</summary>
    Task OnGapAsync(StreamGap gap) => Task.CompletedTask;

    /// <summary>
    /// The subscription has ended with <paramref name="error"/> (its queue overflowed under
    /// <see cref="OverflowPolicy.Fail"/>); nothing follows. By default ignored.
    /// </summary>
    Task OnErrorAsync(Exception error) => Task.CompletedTask;
}
