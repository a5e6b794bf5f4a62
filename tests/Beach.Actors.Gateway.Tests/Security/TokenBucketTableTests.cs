using Beach.Actors.Gateway.RateLimiting;
using Beach.Actors.Testing;

namespace Beach.Actors.Gateway.Tests.Security;

/// <summary>The bucket table stays bounded: full buckets are dropped first, then new callers share one overflow bucket.</summary>
public sealed class TokenBucketTableTests
{
    [Fact]
    public void When_full_it_drops_refilled_buckets_before_it_grows()
    {
        var clock = new ManualTimeProvider();
        var table = new TokenBucketTable(capacity: 1, permitsPerSecond: 1, maxBuckets: 2, clock);
        table.TryTake("a", out _).ShouldBeTrue();
        table.TryTake("b", out _).ShouldBeTrue();

        clock.Advance(TimeSpan.FromSeconds(1));
        table.TryTake("c", out _).ShouldBeTrue();

        table.Count.ShouldBeLessThanOrEqualTo(2);
    }

    [Fact]
    public void When_full_of_busy_buckets_new_callers_share_one_overflow_bucket()
    {
        var clock = new ManualTimeProvider();
        var table = new TokenBucketTable(capacity: 1, permitsPerSecond: 1, maxBuckets: 2, clock);
        table.TryTake("a", out _).ShouldBeTrue();
        table.TryTake("b", out _).ShouldBeTrue();

        table.TryTake("c", out _).ShouldBeTrue();
        table.TryTake("d", out var retryAfter).ShouldBeFalse("c and d share the overflow bucket");

        retryAfter.ShouldBe(TimeSpan.FromSeconds(1));
        table.Count.ShouldBe(2);
    }
}
