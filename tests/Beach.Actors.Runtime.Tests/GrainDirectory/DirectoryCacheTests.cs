using Beach.Actors.Cluster;
using Beach.Actors.Runtime.GrainDirectory;

namespace Beach.Actors.Runtime.Tests.GrainDirectory;

public sealed class DirectoryCacheTests
{
    private static readonly SiloAddress A = new("127.0.0.1", 11111, 1);
    private static readonly SiloAddress B = new("127.0.0.1", 11112, 1);

    private static ActivationAddress On(SiloAddress silo, int key) => new(new GrainId("session", $"dev/s-{key}"), silo, key);

    [Fact]
    public void When_full_the_least_recently_used_entry_goes()
    {
        var cache = new DirectoryCache(capacity: 3);
        cache.Put(On(A, 1));
        cache.Put(On(A, 2));
        cache.Put(On(A, 3));
        cache.TryGet(On(A, 1).Grain, out _).ShouldBeTrue();

        cache.Put(On(A, 4));

        cache.Count.ShouldBe(3);
        cache.TryGet(On(A, 2).Grain, out _).ShouldBeFalse();
        cache.TryGet(On(A, 1).Grain, out _).ShouldBeTrue();
        cache.TryGet(On(A, 4).Grain, out _).ShouldBeTrue();
    }

    [Fact]
    public void Entries_of_a_departed_silo_and_entries_found_wrong_are_dropped()
    {
        var cache = new DirectoryCache();
        cache.Put(On(A, 1));
        cache.Put(On(B, 2));
        cache.Put(On(A, 3));

        cache.RemoveSilo(A).ShouldBe(2);
        cache.Invalidate(On(A, 2) with { Silo = B, ActivationId = 99 });
        cache.TryGet(On(B, 2).Grain, out var kept).ShouldBeTrue();
        kept.ShouldBe(On(B, 2));

        cache.Invalidate(On(B, 2));
        cache.Count.ShouldBe(0);
    }
}
