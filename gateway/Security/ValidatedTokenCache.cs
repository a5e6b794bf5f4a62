using System.Collections.Concurrent;

namespace Beach.Actors.Gateway.Security;

/// <summary>
/// Bearer tokens whose signature, issuer, audience and claims have been checked, so that a caller sending the same
/// token again skips the JWT parse and signature check (most of the gateway's per-request cost besides the grain
/// call). Keyed by the token's exact text; the lifetime is still checked against the clock on every request, so a
/// cached token expires on time. At most <see cref="SecurityOptions.ValidatedTokenCacheCapacity"/> tokens; when full,
/// expired tokens are dropped (a sweep at most once a second, so a flood of new tokens does not walk the cache on every
/// request), and if none has expired a new token is checked in full on every request until room is made. Thread-safe.
/// </summary>
internal sealed class ValidatedTokenCache(int capacity, TimeProvider clock)
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, ValidatedToken> _tokens = new(StringComparer.Ordinal);
    private readonly Lock _sweepLock = new();
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;

    public int Count => _tokens.Count;

    public bool TryGet(string token, out ValidatedToken validated) => _tokens.TryGetValue(token, out validated!);

    public void Add(string token, ValidatedToken validated)
    {
        if (capacity <= 0)
        {
            return;
        }

        if (_tokens.Count >= capacity)
        {
            DropExpired();
            if (_tokens.Count >= capacity)
            {
                return;
            }
        }

        _tokens.TryAdd(token, validated);
    }

    private void DropExpired()
    {
        lock (_sweepLock)
        {
            var now = clock.GetUtcNow();
            if (now - _lastSweep < SweepInterval)
            {
                return;
            }

            _lastSweep = now;
            foreach (var (token, validated) in _tokens)
            {
                if (validated.Caller.ExpiresAt <= now)
                {
                    _tokens.TryRemove(token, out _);
                }
            }
        }
    }
}

/// <summary>What a token's checked claims say: the caller, and the <c>nbf</c> that is checked on every use.</summary>
internal sealed record ValidatedToken(CallerIdentity Caller, DateTimeOffset? NotBefore);
