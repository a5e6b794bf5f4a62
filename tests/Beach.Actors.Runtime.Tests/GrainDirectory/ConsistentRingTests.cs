using Beach.Actors.Cluster;
using Beach.Actors.Runtime.GrainDirectory;

namespace Beach.Actors.Runtime.Tests.GrainDirectory;

public sealed class ConsistentRingTests
{
    private static readonly SiloAddress A = new("127.0.0.1", 11111, 1);
    private static readonly SiloAddress B = new("127.0.0.1", 11112, 1);
    private static readonly SiloAddress C = new("127.0.0.1", 11113, 1);

    private static IEnumerable<GrainId> Grains(int count) => Enumerable.Range(0, count).Select(i => new GrainId("session", $"dev/s-{i}"));

    [Fact]
    public void Every_silo_builds_the_same_ring_whatever_order_it_learns_the_silos_in()
    {
        var one = new ConsistentRing([A, B, C]);
        var other = new ConsistentRing([C, A, B, A]);

        foreach (var grain in Grains(2_000))
        {
            other.OwnerOf(grain).ShouldBe(one.OwnerOf(grain));
        }
    }

    [Fact]
    public void Three_silos_share_the_ring_roughly_evenly()
    {
        var ring = new ConsistentRing([A, B, C]);

        var shares = Grains(30_000).GroupBy(ring.OwnerOf).ToDictionary(group => group.Key, group => group.Count());

        shares.Count.ShouldBe(3);
        foreach (var share in shares.Values)
        {
            share.ShouldBeInRange(7_000, 13_000);
        }
    }

    [Fact]
    public void A_silo_leaving_moves_only_its_own_grains()
    {
        var before = new ConsistentRing([A, B, C]);
        var after = new ConsistentRing([A, B]);

        foreach (var grain in Grains(5_000))
        {
            var owner = before.OwnerOf(grain);
            if (owner != C)
            {
                after.OwnerOf(grain).ShouldBe(owner);
            }
        }
    }

    [Fact]
    public void The_ranges_of_the_silos_cover_exactly_the_grains_each_owns()
    {
        var ring = new ConsistentRing([A, B, C]);

        foreach (var grain in Grains(3_000))
        {
            var hash = grain.GetUniformHashCode();
            var holders = new[] { A, B, C }.Where(silo => ring.RangesOf(silo).Any(range => InRange(hash, range.Begin, range.End))).ToList();
            holders.ShouldBe([ring.OwnerOf(grain)]);
        }
    }

    [Fact]
    public void A_ring_of_one_silo_owns_everything_and_an_empty_ring_says_why_it_cannot_answer()
    {
        var single = new ConsistentRing([A], pointsPerSilo: 1);
        single.OwnerOf(0u).ShouldBe(A);
        single.OwnerOf(uint.MaxValue).ShouldBe(A);
        var range = single.RangesOf(A).ShouldHaveSingleItem();
        InRange(12345, range.Begin, range.End).ShouldBeTrue();

        Should.Throw<InvalidOperationException>(() => new ConsistentRing([]).OwnerOf(1u)).Message.ShouldContain("No active silo");
    }

    /// <summary>(begin, end], wrapping round zero when begin ≥ end: the reading <see cref="IReminderTable"/> documents.</summary>
    private static bool InRange(uint hash, uint begin, uint end)
        => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
}
