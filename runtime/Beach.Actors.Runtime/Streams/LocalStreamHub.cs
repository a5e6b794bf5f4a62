using System.Collections.Concurrent;
using Beach.Actors.Runtime.Streams.Cluster;
using Beach.Actors.Streams;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Streams;

/// <summary>
/// This process's streams: the home of every stream's retention, sequence and subscriptions on a single node. Clients
/// and the gateway take it from dependency injection as <see cref="IStreamProvider"/>; grains reach it through their
/// activation. Streams are created on first use and dropped when idle (see <see cref="StreamOptions.IdleStreamAge"/>).
/// In a cluster (<see cref="Cluster"/> set) a stream's sequence and retention live at its home silo: publishes go
/// there, and this hub's state of the stream is a mirror of the home's, kept by a pull loop while anyone subscribes.
/// </summary>
internal sealed class LocalStreamHub : IStreamProvider, IDisposable
{
    private readonly ConcurrentDictionary<StreamId, StreamState> _streams = new();
    private readonly StreamOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly StreamLog _log;
    private readonly ITimer _sweep;

    public LocalStreamHub(IOptions<StreamOptions> options, TimeProvider timeProvider, StreamLog log, ClusterStreams? cluster = null)
    {
        Cluster = cluster;
        _options = options.Value;
        _timeProvider = timeProvider;
        _log = log;
        _sweep = timeProvider.CreateTimer(static state => ((LocalStreamHub)state!).DropIdleStreams(), this, _options.IdleSweepPeriod, _options.IdleSweepPeriod);
    }

    /// <summary>The cluster's streams when this process is a silo or a client of one; null on a single node.</summary>
    internal ClusterStreams? Cluster { get; }

    /// <summary>Streams that exist now.</summary>
    public int StreamCount => _streams.Count;

    public IAsyncStream<T> GetStream<T>(StreamId id) => new HubStream<T>(this, id, activation: null);

    internal HubStream<T> GetStream<T>(StreamId id, Catalog.ActivationData? activation) => new(this, id, activation);

    /// <summary>The live state of stream <paramref name="id"/>, created on first use.</summary>
    internal StreamState<T> GetOrCreate<T>(StreamId id)
    {
        var state = _streams.GetOrAdd(id, static (id, hub) => new StreamState<T>(id, NewEpoch(), hub._options, hub._timeProvider, hub._log), this);
        return state as StreamState<T> ?? throw new InvalidOperationException(
            $"Stream {id} carries {state.ItemType.Name}, not {typeof(T).Name}: one stream has one item type.");
    }

    /// <summary>Drops streams with no subscription that saw nothing for the idle age.</summary>
    internal void DropIdleStreams()
    {
        var idleSince = _timeProvider.GetTimestamp() - (long)(_options.IdleStreamAge.TotalSeconds * _timeProvider.TimestampFrequency);
        var dropped = 0;
        foreach (var (id, state) in _streams)
        {
            if (state.TryRetire(idleSince) && _streams.TryRemove(new KeyValuePair<StreamId, StreamState>(id, state)))
            {
                dropped++;
            }
        }

        if (dropped > 0)
        {
            _log.IdleStreamsDropped(dropped);
        }
    }

    public void Dispose() => _sweep.Dispose();

    /// <summary>
    /// A new stream life: random, so that a stream recreated after idleness or a restart never reuses the epoch of an
    /// earlier life whose tokens a subscriber may still hold.
    /// </summary>
    private static long NewEpoch() => Random.Shared.Next(1, int.MaxValue);
}
