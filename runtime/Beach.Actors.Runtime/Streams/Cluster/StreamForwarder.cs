using System.Collections.Concurrent;
using System.Collections.Immutable;
using Beach.Actors.Cluster;
using Beach.Actors.Streams;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Streams.Cluster;

/// <summary>
/// Sends what this process publishes to each stream's home: at once when this silo is the home, otherwise through a
/// bounded <see cref="ForwardQueue"/> per home silo. Whatever is lost on the way (a full queue, a send that failed, a
/// home that refused because it no longer owns the stream and the new owner is not known) is counted per stream and
/// travels with the stream's next event, so the home marks the hole and subscribers are told a gap.
/// </summary>
internal sealed class StreamForwarder(
    Func<IGrainFactory> grainFactory,
    IStreamHomeLocator locator,
    StreamHome? localHome,
    IOptions<ClusterStreamOptions> options,
    ClusterStreamLog log)
{
    private readonly ConcurrentDictionary<SiloAddress, ForwardQueue> _queues = new();
    private readonly ConcurrentDictionary<StreamId, long> _lost = new();
    private readonly ClusterStreamOptions _options = options.Value;
    private IGrainFactory? _grains;

    /// <summary>Events waiting to be sent to <paramref name="home"/>.</summary>
    public int QueuedFor(SiloAddress home) => _queues.TryGetValue(home, out var queue) ? queue.Count : 0;

    /// <summary>Events lost on their way and not yet reported, over every stream.</summary>
    public long UnreportedLosses => _lost.Values.Sum();

    /// <summary>
    /// Publishes <paramref name="payload"/> to <paramref name="stream"/>'s home. Never waits: returns the token when the
    /// home is this silo, and <c>default</c> when the event was queued for another (the home gives it its token) or lost.
    /// </summary>
    public StreamSequenceToken Publish(StreamId stream, StreamPayload payload) => Route(stream, payload, refusedBy: null);

    private StreamSequenceToken Route(StreamId stream, StreamPayload payload, SiloAddress? refusedBy)
    {
        var home = locator.HomeOf(stream);
        var dropped = TakeLosses(stream);
        if (home is not { } target || target == refusedBy)
        {
            Lose(stream, dropped + 1);
            return default;
        }

        if (target == locator.Self && localHome is not null)
        {
            return localHome.Publish(stream, payload, dropped);
        }

        var queue = _queues.GetOrAdd(target, static (silo, self) => new ForwardQueue(
            silo, self._options.ForwardQueueCapacity, self._options.MaxForwardBatch, self.SendAsync), this);
        if (!queue.TryEnqueue(new ForwardedEvent(stream.Namespace, stream.Key, payload, dropped)))
        {
            Lose(stream, dropped + 1);
            log.ForwardQueueFull(stream, target, _options.ForwardQueueCapacity);
        }

        return default;
    }

    private async Task SendAsync(SiloAddress home, ImmutableArray<ForwardedEvent> batch)
    {
        ImmutableArray<int> refused;
        try
        {
            refused = await (_grains ??= grainFactory()).GetGrain<IStreamHomeGrain>(home.ToString()).Publish(batch).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Outcome unknown or not sent: counted as lost, so subscribers hear of a gap (perhaps of events that did arrive).
            foreach (var forwarded in batch)
            {
                Lose(forwarded.Stream, forwarded.DroppedBefore + 1);
            }

            log.ForwardFailed(batch.Length, home, exception);
            return;
        }

        foreach (var index in refused)
        {
            // The stream moved while its events were queued: once more, to its home now.
            var forwarded = batch[index];
            Lose(forwarded.Stream, forwarded.DroppedBefore);
            Route(forwarded.Stream, forwarded.Payload, refusedBy: home);
        }
    }

    private long TakeLosses(StreamId stream) => _lost.TryRemove(stream, out var lost) ? lost : 0;

    private void Lose(StreamId stream, long count)
    {
        if (count > 0)
        {
            _lost.AddOrUpdate(stream, static (_, added) => added, static (_, known, added) => known + added, count);
        }
    }
}
