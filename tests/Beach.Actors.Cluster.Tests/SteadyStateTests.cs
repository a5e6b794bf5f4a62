using System.Text.Json;
using Beach.Actors.Cluster.Tests.Support;
using Beach.Actors.Runtime.Audit.Cluster;
using Beach.Actors.Sessions;
using Beach.Actors.Testing.Postgres;

namespace Beach.Actors.Cluster.Tests;

public sealed class SteadyStateTests
{
    [Fact]
    public async Task Three_silos_see_each_other_and_every_session_grain_has_exactly_one_activation_in_the_cluster()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await TestCluster.StartAsync(database.ConnectionString, silos: 3);
        var silos = cluster.Running;
        const int SESSIONS = 10_000;

        // Each session registered through one silo, then read through every silo: all three route to one activation.
        await ForEachAsync(SESSIONS, i => silos[i % 3].Grains.GetGrain<ISessionGrain>(Key(i))
            .RegisterAsync(Registration));
        foreach (var silo in silos)
        {
            await ForEachAsync(SESSIONS, async i => (await silo.Grains.GetGrain<ISessionGrain>(Key(i)).GetAsync()).ShouldNotBeNull());
        }

        for (var i = 0; i < SESSIONS; i++)
        {
            var grain = new GrainId("session", Key(i));
            silos.Count(silo => silo.Hosts(grain)).ShouldBe(1, $"{grain} must have one activation across the cluster");
        }

        // Sessions are placed on their tenant's audit home: each tenant's on one silo, the tenants spread over all three.
        foreach (var tenant in Enumerable.Range(0, TENANTS))
        {
            var homes = Enumerable.Range(0, SESSIONS).Where(i => i % TENANTS == tenant)
                .Select(i => silos.Single(silo => silo.Hosts(new GrainId("session", Key(i)))).Address).Distinct().ToList();
            var home = ClusterAuditLog.HomeOf(silos[0].View.Ring, $"t{tenant}");
            homes.ShouldHaveSingleItem($"tenant t{tenant}'s sessions live on one silo").ShouldBe(home.ShouldNotBeNull(), $"tenant t{tenant}'s sessions live on its audit home");
        }

        silos.ShouldAllBe(silo => silo.GrainCount > SESSIONS / 10, "placement spreads the tenants over the silos");
    }

    private static readonly SessionRegistration Registration = new("h1", "terminal_shim", ["terminal_semantic_v1"], JsonDocument.Parse("{}").RootElement);

    private const int TENANTS = 90;

    private static string Key(int i) => $"t{i % TENANTS}/s-{i}";

    private static async Task ForEachAsync(int count, Func<int, Task> call)
    {
        const int CONCURRENCY = 64;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, CONCURRENCY).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await call(i);
            }
        }));
    }
}
