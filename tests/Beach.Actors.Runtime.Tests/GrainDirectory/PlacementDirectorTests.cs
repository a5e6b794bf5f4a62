using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Audit.Cluster;
using Beach.Actors.Runtime.GrainDirectory;
using Beach.Actors.Runtime.Placement;

namespace Beach.Actors.Runtime.Tests.GrainDirectory;

public sealed class PlacementDirectorTests
{
    private static readonly SiloAddress A = new("127.0.0.1", 11111, 1);
    private static readonly SiloAddress B = new("127.0.0.1", 11112, 1);
    private static readonly SiloAddress C = new("127.0.0.1", 11113, 1);
    private static readonly SiloAddress[] Silos = [A, B, C];

    [Fact]
    public void Prefer_local_stays_on_the_caller_and_falls_back_when_the_caller_hosts_no_grains()
    {
        var director = new PlacementDirector(new Random(7));
        var grain = new GrainId("session", "dev/s-1");

        director.Choose(grain, PlacementKind.PreferLocal, B, Silos).ShouldBe(B);
        var client = Enumerable.Range(0, 300).Select(_ => director.Choose(grain, PlacementKind.PreferLocal, null, Silos)).ToHashSet();
        client.Count.ShouldBe(3);
    }

    [Fact]
    public void Hash_based_gives_every_caller_the_same_silo_and_random_spreads()
    {
        var director = new PlacementDirector(new Random(7));
        var grains = Enumerable.Range(0, 3_000).Select(i => new GrainId("session", $"dev/s-{i}")).ToList();

        foreach (var grain in grains.Take(100))
        {
            var fromA = director.Choose(grain, PlacementKind.HashBased, A, Silos);
            director.Choose(grain, PlacementKind.HashBased, C, Silos).ShouldBe(fromA);
        }

        foreach (var kind in new[] { PlacementKind.HashBased, PlacementKind.Random })
        {
            var shares = grains.GroupBy(grain => director.Choose(grain, kind, A, Silos)).Select(group => group.Count()).ToList();
            shares.Count.ShouldBe(3);
            shares.ShouldAllBe(share => share > 800);
        }
    }

    [Fact]
    public void Tenant_audit_home_places_a_tenants_grains_on_its_home_and_falls_back_when_the_home_is_not_a_candidate()
    {
        var director = new PlacementDirector(new Random(7));
        var ring = new ConsistentRing(Silos);
        var tenants = Enumerable.Range(0, 60).Select(i => $"t{i}").ToList();

        foreach (var tenant in tenants)
        {
            var home = ClusterAuditLog.HomeOf(ring, tenant).ShouldNotBeNull();
            foreach (var caller in new SiloAddress?[] { A, C, null })
            {
                director.Choose(new GrainId("session", $"{tenant}/s-{caller?.Port}"), PlacementKind.TenantAuditHome, caller, Silos, ring).ShouldBe(home);
            }

            // A draining home is not a candidate: its tenant's new grains go to the others.
            var others = Silos.Where(silo => silo != home).ToList();
            var elsewhere = Enumerable.Range(0, 50).Select(i => director.Choose(new GrainId("session", $"{tenant}/x-{i}"), PlacementKind.TenantAuditHome, null, others, ring)).ToHashSet();
            elsewhere.ShouldBe(others, ignoreOrder: true);

            // The draining home itself places on the ring without it: the silo that becomes the tenant's home.
            var ringWithoutHome = new ConsistentRing(others);
            var nextHome = ClusterAuditLog.HomeOf(ringWithoutHome, tenant).ShouldNotBeNull();
            director.Choose(new GrainId("session", $"{tenant}/y"), PlacementKind.TenantAuditHome, null, others, ringWithoutHome).ShouldBe(nextHome);
        }

        tenants.Select(tenant => ClusterAuditLog.HomeOf(ring, tenant)).Distinct().Count().ShouldBe(3, "tenants spread over the silos");

        // A key without a tenant, or no ring, is placed at random.
        Enumerable.Range(0, 300).Select(_ => director.Choose(new GrainId("agent-registry", "global"), PlacementKind.TenantAuditHome, A, Silos, ring)).ToHashSet().Count.ShouldBe(3);
        Enumerable.Range(0, 300).Select(_ => director.Choose(new GrainId("session", "dev/s"), PlacementKind.TenantAuditHome, A, Silos)).ToHashSet().Count.ShouldBe(3);
        Enumerable.Range(0, 300).Select(_ => director.Choose(new GrainId("session", "/s"), PlacementKind.TenantAuditHome, A, Silos, ring)).ToHashSet().Count.ShouldBe(3);
        Enumerable.Range(0, 300).Select(_ => director.Choose(default, PlacementKind.TenantAuditHome, A, Silos, ring)).ToHashSet().Count.ShouldBe(3);
    }

    [Fact]
    public void With_no_active_silo_placement_says_so()
    {
        Should.Throw<InvalidOperationException>(() => new PlacementDirector().Choose(new GrainId("session", "dev/x"), PlacementKind.Random, null, []))
            .Message.ShouldContain("no active silo");
    }
}
