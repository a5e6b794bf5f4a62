using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Tests.Cluster;

public sealed class GrainIdHashTests
{
    [Fact]
    public void The_uniform_hash_is_the_same_in_every_process()
    {
        // Fixed values: a change to the hash moves every grain and reminder of a running cluster, so it must be deliberate.
        new GrainId("session", "dev/s-1").GetUniformHashCode().ShouldBe(Expected("session", "dev/s-1"));
        new GrainId("session", "dev/s-1").GetUniformHashCode().ShouldNotBe(new GrainId("session", "dev/s-2").GetUniformHashCode());
    }

    [Fact]
    public void The_uniform_hash_spreads_keys_evenly_over_the_ring()
    {
        const int KEYS = 40_000;
        var buckets = new int[8];
        for (var i = 0; i < KEYS; i++)
        {
            buckets[new GrainId("session", $"dev/session-{i}").GetUniformHashCode() >> 29]++;
        }

        foreach (var count in buckets)
        {
            count.ShouldBeInRange(KEYS / 8 * 9 / 10, KEYS / 8 * 11 / 10);
        }
    }

    [Fact]
    public void A_silo_address_reads_back_what_it_writes()
    {
        var address = new SiloAddress("127.0.0.1", 11111, 123456789);
        SiloAddress.Parse(address.ToString()).ShouldBe(address);
        Should.Throw<FormatException>(() => SiloAddress.Parse("127.0.0.1:x@1"));
        Should.Throw<FormatException>(() => SiloAddress.Parse("nohost"));
    }

    /// <summary>The algorithm written out a second time, independently of the runtime's loop.</summary>
    private static uint Expected(string type, string key)
    {
        var hash = 2166136261u;
        foreach (var c in type + "/" + key)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        hash ^= hash >> 16;
        hash = unchecked(hash * 0x85ebca6b);
        hash ^= hash >> 13;
        hash = unchecked(hash * 0xc2b2ae35);
        return hash ^ (hash >> 16);
    }
}
