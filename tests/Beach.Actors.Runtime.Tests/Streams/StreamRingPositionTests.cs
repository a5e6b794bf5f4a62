using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Audit.Cluster;
using Beach.Actors.Runtime.GrainDirectory;
using Beach.Actors.Runtime.Streams.Cluster;
using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Tests.Streams;

public sealed class StreamRingPositionTests
{
    private static readonly SiloAddress[] Silos = [new("127.0.0.1", 11111, 1), new("127.0.0.1", 11112, 1), new("127.0.0.1", 11113, 1)];

    [Fact]
    public void A_stream_keyed_by_a_tenant_is_homed_on_the_tenants_audit_home()
    {
        var ring = new ConsistentRing(Silos);
        var tenants = Enumerable.Range(0, 100).Select(i => $"t{i}").ToList();
        foreach (var tenant in tenants)
        {
            var home = ClusterAuditLog.HomeOf(ring, tenant).ShouldNotBeNull();
            StreamRingPosition.OwnerOn(ring, new StreamId("session-events", $"{tenant}/s-1")).ShouldBe(home, $"{tenant}'s session stream");
            StreamRingPosition.OwnerOn(ring, new StreamId("agent-events", $"{tenant}/a/b")).ShouldBe(home, $"{tenant}'s other streams too");
        }

        tenants.Select(tenant => StreamRingPosition.OwnerOn(ring, new StreamId("session-events", $"{tenant}/s"))).Distinct().Count()
            .ShouldBe(3, "the tenants' streams spread over the silos");
    }

    [Fact]
    public void A_stream_without_a_tenant_falls_by_its_whole_id()
    {
        var ring = new ConsistentRing(Silos);

        // Keys without a tenant prefix: many streams of one namespace spread over the silos.
        Enumerable.Range(0, 100).Select(i => StreamRingPosition.OwnerOn(ring, new StreamId("global", $"s-{i}"))).Distinct().Count().ShouldBe(3);
        Enumerable.Range(0, 100).Select(i => StreamRingPosition.OwnerOn(ring, new StreamId("global", $"/s-{i}"))).Distinct().Count().ShouldBe(3);
        StreamRingPosition.OwnerOn(ring, default).ShouldNotBeNull();
        StreamRingPosition.OwnerOn(new ConsistentRing([]), new StreamId("session-events", "t/s")).ShouldBeNull();
    }
}
