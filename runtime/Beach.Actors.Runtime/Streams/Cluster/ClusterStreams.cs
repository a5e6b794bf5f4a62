using System.Collections.Concurrent;
using System.Text.Json;
using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Messaging.Wire;
using Beach.Actors.Streams;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Streams.Cluster;

/// <summary>
/// Streams across the processes of a cluster, behind the process's <see cref="LocalStreamHub"/>: a publish goes to the
/// stream's home (<see cref="IStreamHomeLocator"/>) through the <see cref="StreamForwarder"/>, and a subscription reads
/// the local state that the stream's <see cref="StreamMirror{T}"/> keeps up to date from the home. Silos and cluster
/// clients alike: a client pulls through its gateway, since no silo calls a client.
/// </summary>
internal sealed class ClusterStreams : IDisposable
{
    private readonly ConcurrentDictionary<StreamId, StreamMirror> _mirrors = new();
    private readonly Func<IGrainFactory> _grainFactory;
    private readonly StreamForwarder _forwarder;
    private readonly StreamHome? _home;
    private readonly CancellationTokenSource _stopping = new();
    private CancellationTokenSource _ringChanged = new();
    private IGrainFactory? _grains;

    public ClusterStreams(
        Func<IGrainFactory> grainFactory,
        IStreamHomeLocator locator,
        StreamForwarder forwarder,
        StreamHome? home,
        IOptions<ClusterStreamOptions> options,
        TimeProvider timeProvider,
        ClusterStreamLog log)
    {
        _grainFactory = grainFactory;
        Locator = locator;
        _forwarder = forwarder;
        _home = home;
        Options = options.Value;
        TimeProvider = timeProvider;
        Log = log;
        locator.Changed += OnRingChanged;
    }

    public IStreamHomeLocator Locator { get; }

    public ClusterStreamOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public ClusterStreamLog Log { get; }

    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Fires at the next change of the ring: a pull waiting on a home that may have gone is abandoned.</summary>
    public CancellationToken RingChanged => Volatile.Read(ref _ringChanged).Token;

    /// <summary>Streams this process mirrors now.</summary>
    public int MirrorCount => _mirrors.Count;

    /// <summary>Publishes <paramref name="item"/> to its stream's home; see <see cref="StreamForwarder.Publish"/>.</summary>
    public StreamSequenceToken Publish<T>(StreamId stream, T item)
        => _forwarder.Publish(stream, new StreamPayload(JsonSerializer.SerializeToUtf8Bytes(item, WireSerialization.Options)));

    /// <summary>Keeps <paramref name="stream"/> mirrored into <paramref name="hub"/> and waits for its first sync.</summary>
    public Task EnsureMirroredAsync<T>(LocalStreamHub hub, StreamId stream)
    {
        while (true)
        {
            var mirror = _mirrors.GetOrAdd(stream, static (id, args) => new StreamMirror<T>(args.Self, args.Hub, id), (Self: this, Hub: hub));
            if (mirror is not StreamMirror<T>)
            {
                throw new InvalidOperationException($"Stream {stream} is mirrored with another item type than {typeof(T).Name}: one stream has one item type.");
            }

            if (mirror.TryKeep())
            {
                return mirror.WhenSyncedAsync();
            }

            _mirrors.TryRemove(new KeyValuePair<StreamId, StreamMirror>(stream, mirror));
        }
    }

    internal void Forget(StreamId stream, StreamMirror mirror) => _mirrors.TryRemove(new KeyValuePair<StreamId, StreamMirror>(stream, mirror));

    internal Task<StreamPullResult> PullAsync(SiloAddress home, StreamPull pull)
        => home == Locator.Self && _home is not null
            ? _home.PullAsync(pull)
            : (_grains ??= _grainFactory()).GetGrain<IStreamHomeGrain>(home.ToString()).Pull(pull);

    internal Task DelayAsync() => Task.Delay(Options.RetryDelay, TimeProvider, Stopping).ContinueWith(static _ => { }, TaskScheduler.Default);

    private void OnRingChanged()
    {
        var previous = Interlocked.Exchange(ref _ringChanged, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
    }

    public void Dispose()
    {
        Locator.Changed -= OnRingChanged;
        _stopping.Cancel();
        _home?.Stop();
    }
}
