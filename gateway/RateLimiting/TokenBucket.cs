namespace Beach.Actors.Gateway.RateLimiting;

/// <summary>
/// A bucket of <c>capacity</c> permits that regains <c>rate</c> permits per second, measured on the injected clock's
/// timestamps. Thread-safe; taking a permit is a short lock and no allocation.
/// </summary>
internal sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private readonly double _capacity;
    private readonly double _permitsPerSecond;
    private double _permits;
    private long _updated;

    public TokenBucket(double capacity, double permitsPerSecond, long now)
    {
        _capacity = capacity;
        _permitsPerSecond = permitsPerSecond;
        _permits = capacity;
        _updated = now;
    }

    /// <summary>Takes one permit, or says how long until one is back.</summary>
    public bool TryTake(long now, double timestampFrequency, out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            Refill(now, timestampFrequency);
            if (_permits >= 1)
            {
                _permits -= 1;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((1 - _permits) / _permitsPerSecond);
            return false;
        }
    }

    /// <summary>Whether the bucket is full again: it remembers nothing a new bucket would not.</summary>
    public bool IsFull(long now, double timestampFrequency)
    {
        lock (_lock)
        {
            Refill(now, timestampFrequency);
            return _permits >= _capacity;
        }
    }

    private void Refill(long now, double timestampFrequency)
    {
        if (now > _updated)
        {
            _permits = Math.Min(_capacity, _permits + ((now - _updated) / timestampFrequency * _permitsPerSecond));
            _updated = now;
        }
    }
}
