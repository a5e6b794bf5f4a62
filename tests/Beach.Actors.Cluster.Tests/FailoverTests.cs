using System.Text.Json;
using Beach.Actors.Cluster.Tests.Support;
using Beach.Actors.Runtime.Audit.Cluster;
using Beach.Actors.Sessions;
using Beach.Actors.Testing.Postgres;
using Xunit.Abstractions;

namespace Beach.Actors.Cluster.Tests;

public sealed class FailoverTests(ITestOutputHelper output)
{
    private static readonly SessionRegistration Registration = new("h1", "terminal_shim", ["terminal_semantic_v1"], JsonDocument.Parse("{}").RootElement);

    [Fact]
    public async Task Killing_a_silo_under_lease_churn_moves_its_grains_and_the_lease_invariant_holds_over_the_whole_run()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await TestCluster.StartAsync(database.ConnectionString, silos: 3);
        var sessions = Enumerable.Range(0, 16).Select(i => $"dev/lease-{i}").ToList();
        foreach (var (key, i) in sessions.Select((key, i) => (key, i)))
        {
            await cluster.Running[i % 3].Grains.GetGrain<ISessionGrain>(key).RegisterAsync(Registration);
        }

        var churn = new LeaseChurn(cluster, sessions);
        using var stop = new CancellationTokenSource();
        var running = churn.RunAsync(stop.Token);
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        // Leases are placed on their tenant's audit home: the victim is that silo, so the kill moves both the leases and
        // the tenant's audit writer.
        var home = ClusterAuditLog.HomeOf(cluster.Running[0].View.Ring, "dev").ShouldNotBeNull();
        var victim = cluster.Running.Single(silo => silo.Address == home);
        var hostedOnVictim = sessions.Count(key => victim.Hosts(new GrainId("controller-lease", key)));
        var beforeKill = churn.Acknowledged;
        await cluster.KillAsync(victim);
        await cluster.WaitForViewsAsync(TimeSpan.FromSeconds(15));
        var afterDeath = churn.Acknowledged;

        // The sessions whose lease lived on the dead silo come back elsewhere with their state: churn goes on for all.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await running;

        output.WriteLine($"acknowledged: {beforeKill} before the kill, {afterDeath - beforeKill} until declared dead, {churn.Acknowledged - afterDeath} after; " +
                         $"failed {churn.Failed} ({string.Join(", ", churn.Failures.Select(pair => $"{pair.Key} {pair.Value}"))}); {hostedOnVictim} leases lived on the victim");
        hostedOnVictim.ShouldBe(sessions.Count, "every lease lived on the tenant's audit home, the victim");
        (churn.Acknowledged - afterDeath).ShouldBeGreaterThan(100, "lease operations succeed again once the silo is declared dead");
        cluster.Running.ShouldAllBe(silo => !silo.View.IsActive(victim.Address));

        var grantsAfterDeath = 0;
        foreach (var key in sessions)
        {
            var history = await LeaseAuditChecker.CheckAsync(cluster.Stores.Audit, "dev", key["dev/".Length..]);
            history.Grants.ShouldBeGreaterThan(1, $"{key} was granted more than once");
            grantsAfterDeath += history.Grants;
        }

        output.WriteLine($"{grantsAfterDeath} grants checked over {sessions.Count} sessions");
    }
}
