using System.Collections.Concurrent;

namespace Beach.Actors.Gateway.RateLimiting;

/// <summary>
/// The buckets of one kind (tenants or controllers), at most <c>maxBuckets</c>. When full, it drops buckets that have
/// refilled completely; if that frees nothing, new keys share one overflow bucket (see <see cref="RateLimitOptions.DEFAULT_MAX_BUCKETS"/>).
/// </summary>
internal sealed class TokenBucketTable(double capacity, double permitsPerSecond, int maxBuckets, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Lock _sweepLock = new();
    private TokenBucket? _overflow;

    public int Count => _buckets.Count;

    public bool TryTake(string key, out TimeSpan retryAfter)
    {
        var now = clock.GetTimestamp();
        return BucketFor(key, now).TryTake(now, clock.TimestampFrequency, out retryAfter);
    }

    private TokenBucket BucketFor(string key, long now)
    {
        if (_buckets.TryGetValue(key, out var bucket))
        {
            return bucket;
        }

        if (_buckets.Count >= maxBuckets)
        {
            Sweep(now);
            if (_buckets.Count >= maxBuckets)
            {
                return LazyInitializer.EnsureInitialized(ref _overflow, () => new TokenBucket(capacity, permitsPerSecond, now));
            }
        }

        return _buckets.GetOrAdd(key, static (_, state) => new TokenBucket(state.capacity, state.permitsPerSecond, state.now), (capacity, permitsPerSecond, now));
    }

    private void Sweep(long now)
    {
        lock (_sweepLock)
        {
            foreach (var (key, bucket) in _buckets)
            {
                if (bucket.IsFull(now, clock.TimestampFrequency))
                {
                    _buckets.TryRemove(key, out _);
                }
            }
        }
    }
}
