using Beach.Actors.Gateway.Security;
using Beach.Actors.Testing;

namespace Beach.Actors.Gateway.Tests.Security;

/// <summary>The validated-token cache stays within its capacity and makes room by dropping expired tokens only.</summary>
public sealed class ValidatedTokenCacheTests
{
    [Fact]
    public void A_full_cache_takes_no_new_token_until_one_it_holds_has_expired()
    {
        var clock = new ManualTimeProvider();
        var cache = new ValidatedTokenCache(capacity: 2, clock);
        cache.Add("short", TokenUntil(clock, TimeSpan.FromMinutes(1)));
        cache.Add("long", TokenUntil(clock, TimeSpan.FromHours(1)));

        cache.Add("third", TokenUntil(clock, TimeSpan.FromHours(1)));
        cache.TryGet("third", out _).ShouldBeFalse("full, and nothing has expired");
        cache.Count.ShouldBe(2);

        clock.Advance(TimeSpan.FromMinutes(2));
        cache.Add("third", TokenUntil(clock, TimeSpan.FromHours(1)));

        cache.TryGet("third", out _).ShouldBeTrue();
        cache.TryGet("short", out _).ShouldBeFalse("the expired token made the room");
        cache.TryGet("long", out _).ShouldBeTrue();
    }

    [Fact]
    public void A_full_cache_sweeps_for_expired_tokens_at_most_once_a_second()
    {
        var clock = new ManualTimeProvider();
        var cache = new ValidatedTokenCache(capacity: 1, clock);
        cache.Add("held", TokenUntil(clock, TimeSpan.FromMinutes(1)));

        clock.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromMilliseconds(500));
        cache.Add("new", TokenUntil(clock, TimeSpan.FromHours(1)));
        cache.TryGet("new", out _).ShouldBeFalse("swept: nothing had expired yet");

        clock.Advance(TimeSpan.FromMilliseconds(600));
        cache.Add("new", TokenUntil(clock, TimeSpan.FromHours(1)));
        cache.TryGet("new", out _).ShouldBeFalse("'held' has expired, but the last sweep was 0.6 s ago");

        clock.Advance(TimeSpan.FromSeconds(1));
        cache.Add("new", TokenUntil(clock, TimeSpan.FromHours(1)));
        cache.TryGet("new", out _).ShouldBeTrue();
        cache.TryGet("held", out _).ShouldBeFalse();
    }

    [Fact]
    public void A_capacity_of_zero_caches_nothing()
    {
        var clock = new ManualTimeProvider();
        var cache = new ValidatedTokenCache(capacity: 0, clock);

        cache.Add("token", TokenUntil(clock, TimeSpan.FromHours(1)));

        cache.Count.ShouldBe(0);
    }

    private static ValidatedToken TokenUntil(TimeProvider clock, TimeSpan lifetime)
        => new(new CallerIdentity("sub", "tenant", new HashSet<string>(), clock.GetUtcNow() + lifetime), NotBefore: null);
}
