namespace Beach.Actors.Streams;

/// <summary>
/// Hands out streams. A grain reaches it with <c>GetStreamProvider()</c> (its subscriptions deliver as turns of its
/// activation and end with it); clients and the gateway take it from dependency injection.
/// </summary>
public interface IStreamProvider
{
    /// <summary>The stream <paramref name="id"/> of <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">The stream exists with another item type.</exception>
    IAsyncStream<T> GetStream<T>(StreamId id);
}
