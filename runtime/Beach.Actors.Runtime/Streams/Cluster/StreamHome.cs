using System.Collections.Immutable;
using Beach.Actors.Streams;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Streams.Cluster;

/// <summary>
/// The streams this silo is the home of: their sequence and retention, kept as serialized payloads in a hub of their
/// own (the home never needs an item's type), fed by publishes from this silo and forwarded ones from others, and read
/// by pulls. A pull that finds nothing new waits for the next event, up to the wait it names; a change of the ring
/// ends every wait, so a reader whose stream moved learns it at once.
/// </summary>
internal sealed class StreamHome : IDisposable
{
    private readonly LocalStreamHub _payloads;
    private readonly IStreamHomeLocator _locator;
    private readonly ClusterStreamOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stopping = new();
    private CancellationTokenSource _ringChanged = new();
    private int _waiting;

    public StreamHome(
        IStreamHomeLocator locator, IOptions<StreamOptions> streamOptions, IOptions<ClusterStreamOptions> options, TimeProvider timeProvider, StreamLog log)
    {
        _locator = locator;
        _options = options.Value;
        _timeProvider = timeProvider;
        _payloads = new LocalStreamHub(streamOptions, timeProvider, log);
        locator.Changed += OnRingChanged;
    }

    /// <summary>Streams homed here now (with their retention).</summary>
    public int StreamCount => _payloads.StreamCount;

    /// <summary>Pulls waiting now.</summary>
    public int WaitingPulls => Volatile.Read(ref _waiting);

    public bool IsHome(StreamId stream) => _locator.HomeOf(stream) == _locator.Self;

    /// <summary>
    /// Publishes <paramref name="payload"/>, after a loss marker when <paramref name="droppedBefore"/> events of the
    /// stream were lost on their way here; returns the event's token.
    /// </summary>
    public StreamSequenceToken Publish(StreamId stream, StreamPayload payload, long droppedBefore)
    {
        if (droppedBefore > 0)
        {
            PublishOne(stream, StreamPayload.Loss(droppedBefore));
        }

        return PublishOne(stream, payload);
    }

    public ImmutableArray<int> Publish(ImmutableArray<ForwardedEvent> events)
    {
        var refused = ImmutableArray.CreateBuilder<int>();
        for (var i = 0; i < events.Length; i++)
        {
            var forwarded = events[i];
            if (IsHome(forwarded.Stream))
            {
                Publish(forwarded.Stream, forwarded.Payload, forwarded.DroppedBefore);
            }
            else
            {
                refused.Add(i);
            }
        }

        return refused.ToImmutable();
    }

    public async Task<StreamPullResult> PullAsync(StreamPull pull)
    {
        var stream = pull.Stream;
        var max = Math.Clamp(pull.Max, 1, _options.MaxPullBatch);
        var waited = false;
        while (true)
        {
            var ringChanged = Volatile.Read(ref _ringChanged).Token;
            if (_stopping.IsCancellationRequested)
            {
                // Stopping: no home to offer; the reader waits a beat and asks the ring again (it moves once this silo leaves).
                return StreamPullResult.Moved(home: null);
            }

            if (_locator.HomeOf(stream) is var home && home != _locator.Self)
            {
                return StreamPullResult.Moved(home?.ToString());
            }

            var state = _payloads.GetOrCreate<StreamPayload>(stream);
            if (state.ReadAfter(pull.After, max) is not { } slice)
            {
                continue;
            }

            // A reader without a token is syncing for the first time (a subscriber waits on it): it is answered at once.
            if (slice.Events.Length > 0 || slice.Gap is not null || waited || pull.After is null || pull.WaitMilliseconds <= 0)
            {
                return new StreamPullResult(
                    slice.Epoch, slice.FirstSequence, slice.LastSequence, slice.Gap?.Reason, slice.Gap?.Missed,
                    [.. slice.Events.Select(published => published.Item)]);
            }

            if (Interlocked.Increment(ref _waiting) > _options.MaxWaitingPulls)
            {
                Interlocked.Decrement(ref _waiting);
                return StreamPullResult.Overloaded();
            }

            try
            {
                var wait = TimeSpan.FromMilliseconds(Math.Min(pull.WaitMilliseconds, _options.PullWait.TotalMilliseconds));
                await WaitAsync(state.WhenPublishedAfter(slice.LastSequence), wait, ringChanged).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }

            waited = true;
        }
    }

    public void Dispose()
    {
        _locator.Changed -= OnRingChanged;
        _stopping.Cancel();
        _payloads.Dispose();
    }

    /// <summary>The silo is stopping: waiting pulls are answered now rather than holding its shutdown.</summary>
    public void Stop() => _stopping.Cancel();

    private StreamSequenceToken PublishOne(StreamId stream, StreamPayload payload)
    {
        while (true)
        {
            // No subscription ever joins a payload stream, so a publish is never blocked: only a retired one is retried.
            if (_payloads.GetOrCreate<StreamPayload>(stream).TryPublish(payload, out var token, out _) == PublishOutcome.Published)
            {
                return token;
            }
        }
    }

    private async Task WaitAsync(Task published, TimeSpan wait, CancellationToken ringChanged)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, ringChanged);
        try
        {
            await published.WaitAsync(wait, _timeProvider, linked.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            // Answered empty (or as moved): the reader asks again.
        }
    }

    private void OnRingChanged()
    {
        var previous = Interlocked.Exchange(ref _ringChanged, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
    }
}
