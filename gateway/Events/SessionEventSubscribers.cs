using Beach.Actors.Streams;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Gateway.Events;

/// <summary>
/// Counts the open event connections, per session and in all, and refuses one past either bound with
/// <see cref="OverloadedException"/> (429 with Retry-After) before the stream starts. Each session's connections share
/// its <see cref="SessionEventFrames"/>, which goes with the last of them.
/// </summary>
internal sealed class SessionEventSubscribers(IOptions<SessionEventStreamOptions> options)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<StreamId, Group> _groups = [];
    private int _total;

    public int Total
    {
        get
        {
            lock (_lock)
            {
                return _total;
            }
        }
    }

    /// <summary>A place for one more connection to <paramref name="stream"/>; dispose it when the connection ends.</summary>
    /// <exception cref="OverloadedException">The session, or the gateway, has as many connections as it may.</exception>
    public Slot Acquire(StreamId stream)
    {
        var limits = options.Value;
        lock (_lock)
        {
            if (_total >= limits.MaxSubscribers)
            {
                throw new OverloadedException(
                    $"This gateway serves {_total} event connections, its limit of {limits.MaxSubscribers}.", limits.RetryAfter);
            }

            if (!_groups.TryGetValue(stream, out var group))
            {
                group = new Group(new SessionEventFrames(limits.SubscriberQueueCapacity));
                _groups.Add(stream, group);
            }
            else if (group.Count >= limits.MaxSubscribersPerSession)
            {
                throw new OverloadedException(
                    $"The session has {group.Count} event connections, its limit of {limits.MaxSubscribersPerSession}.", limits.RetryAfter);
            }

            group.Count++;
            _total++;
            return new Slot(this, stream, group.Frames);
        }
    }

    private void Release(StreamId stream)
    {
        lock (_lock)
        {
            _total--;
            if (_groups.TryGetValue(stream, out var group) && --group.Count == 0)
            {
                _groups.Remove(stream);
            }
        }
    }

    private sealed class Group(SessionEventFrames frames)
    {
        public SessionEventFrames Frames { get; } = frames;

        public int Count { get; set; }
    }

    /// <summary>One connection's place; disposing it twice releases it once.</summary>
    internal sealed class Slot(SessionEventSubscribers owner, StreamId stream, SessionEventFrames frames) : IDisposable
    {
        private int _released;

        public SessionEventFrames Frames { get; } = frames;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(stream);
            }
        }
    }
}
