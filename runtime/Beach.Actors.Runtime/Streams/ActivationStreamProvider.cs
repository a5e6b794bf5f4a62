using Beach.Actors.Runtime.Catalog;
using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Streams;

/// <summary>The streams as one activation sees them: what it subscribes is delivered as its turns and ends with it.</summary>
internal sealed class ActivationStreamProvider(LocalStreamHub hub, ActivationData activation) : IStreamProvider
{
    public IAsyncStream<T> GetStream<T>(StreamId id) => hub.GetStream<T>(id, activation);
}
