using System.Diagnostics;
using System.Text.Json;
using Beach.Actors.Cluster.Tests.Support;
using Beach.Actors.Runtime.Audit.Cluster;
using Beach.Actors.Runtime.Hosting;
using Beach.Actors.Runtime.Membership;
using Beach.Actors.Sessions;
using Beach.Actors.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Beach.Actors.Cluster.Tests;

public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    /// <summary>Shorter than the host's own 30 s stop token, so a stop that waits it out fails here, not in the host.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    private static readonly SessionRegistration Registration = new("h1", "terminal_shim", ["terminal_semantic_v1"], JsonDocument.Parse("{}").RootElement);

    [Fact]
    public Task Stopping_a_silo_gracefully_under_writes_loses_no_acknowledged_write_and_needs_no_suspicion()
        => StopUnderWritesAsync(strict: false);

    /// <summary>
    /// The strict form: heartbeats are written in batches (SessionOptions.HeartbeatPersistInterval) and the rest at
    /// deactivation, so a graceful stop must deactivate a session before another silo activates it again; and nobody
    /// votes against a silo that is leaving by itself.
    /// </summary>
    [Fact]
    public Task Stopping_a_silo_gracefully_under_writes_keeps_every_acknowledged_heartbeat_it_had_not_written_yet()
        => StopUnderWritesAsync(strict: true);

    private async Task StopUnderWritesAsync(bool strict)
    {
        var clock = Stopwatch.StartNew();
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await TestCluster.StartAsync(database.ConnectionString, silos: 3,
            services => services.Configure<SiloOptions>(options => options.ShutdownTimeout = ShutdownTimeout));
        var leaseSessions = Enumerable.Range(0, 12).Select(i => $"dev/lease-{i}").ToList();
        foreach (var (key, i) in leaseSessions.Select((key, i) => (key, i)))
        {
            await cluster.Running[i % 3].Grains.GetGrain<ISessionGrain>(key).RegisterAsync(Registration);
        }

        var load = new AcknowledgedWriteLoad(cluster, leaseSessions, sessionClients: 8);
        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(stop.Token);
        await Eventually.HoldsAsync(() => load.LeaseWrites.Count > 200 && load.Registrations.Count > 200, TimeSpan.FromSeconds(15), "the clients wrote for a while");

        // Sessions and leases are placed on their tenant's audit home: the leaving silo is that home, which the others
        // go on calling (their appends) while it stops.
        var home = ClusterAuditLog.HomeOf(cluster.Running[0].View.Ring, "dev").ShouldNotBeNull();
        var leaving = cluster.Running.Single(silo => silo.Address == home);
        leaseSessions.ShouldAllBe(key => leaving.Hosts(new GrainId("controller-lease", key)), "every lease lives on the tenant's audit home");
        var hostedThere = leaving.GrainCount;
        var stopping = Stopwatch.StartNew();
        // The host is stopped, not disposed: TestCluster.StopAsync disposes it, after which Running (HasStopped) throws.
        await leaving.Host.StopAsync();
        var stopTook = stopping.Elapsed;
        // Its grains deactivate within the timeout even while the others go on calling its system targets (the audit
        // home among them) until they hear that it leaves.
        stopTook.ShouldBeLessThan(ShutdownTimeout, "the leaving silo's grains deactivated; the stop did not wait out its timeout");
        var writesAtStop = load.LeaseWrites.Count + load.Registrations.Count;
        await cluster.WaitForViewsAsync(TimeSpan.FromSeconds(10));

        // The survivors take every write after the stop too.
        await Eventually.HoldsAsync(() => load.LeaseWrites.Count + load.Registrations.Count > writesAtStop + 200, TimeSpan.FromSeconds(15), "writes go on after the stop");
        await stop.CancelAsync();
        await running;

        // What the leaving silo hosted came back on the tenant's new audit home, whether a call reached it while it
        // drained (it places the grain on the ring without itself) or after it had left.
        var survivorRing = cluster.Running[0].View.Ring;
        var newHome = ClusterAuditLog.HomeOf(survivorRing, "dev").ShouldNotBeNull();
        newHome.ShouldNotBe(home);
        foreach (var key in leaseSessions)
        {
            cluster.Running.Where(silo => silo.Hosts(new GrainId("controller-lease", key))).Select(silo => silo.Address)
                .ShouldHaveSingleItem($"{key}'s lease has one activation").ShouldBe(newHome, $"{key}'s lease moved to the tenant's new audit home");
        }
        output.WriteLine($"{load.LeaseWrites.Count} lease writes, {load.Registrations.Count} registrations, {load.Heartbeats.Count} sessions heartbeaten; " +
                         $"{load.Failed} failed ({string.Join(", ", load.Failures.Select(pair => $"{pair.Key} {pair.Value}"))}); " +
                         $"{leaving} held {hostedThere} grains and stopped in {stopTook.TotalSeconds:0.0} s");
        foreach (var (silo, failures) in load.FailuresThrough)
        {
            output.WriteLine($"through {silo}: {string.Join("; ", failures.Select(pair => $"{pair.Key}: {pair.Value}"))}");
        }

        // Only the calls made through the leaving silo itself may fail (it refuses them once it has left). A call
        // through a survivor never sees the stop: the directory moved with the silo's partition, the survivors were
        // told, and what was in flight was answered before the connections closed. A lease still held because its
        // release went through the leaving silo is the domain's answer, not a failure of the stop.
        var domain = new[] { nameof(Beach.Actors.Leases.LeaseHeldException), nameof(Beach.Actors.Leases.LeaseNotHeldException) };
        var seenBySurvivors = load.FailuresThrough
            .Where(pair => pair.Key != leaving.Name)
            .SelectMany(pair => pair.Value.Where(failure => !domain.Contains(failure.Key)).Select(failure => $"through {pair.Key}: {failure.Key}: {failure.Value}"))
            .ToList();
        seenBySurvivors.ShouldBeEmpty("calls through the silos that stay never fail because another silo stops gracefully");

        // The stopped silo left on its own: Dead, with no vote of anyone that it stopped answering.
        var rows = await cluster.Stores.Membership.ReadAllAsync(CancellationToken.None);
        var row = rows.Find(leaving.Address).ShouldNotBeNull().Entry;
        row.Status.ShouldBe(SiloStatus.Dead);
        var options = leaving.Host.Services.GetRequiredService<IOptions<MembershipOptions>>().Value;
        row.Suspicions.Length.ShouldBeLessThan(Math.Min(options.VotesForDeath, 2), "the silo wrote itself Dead: no votes declared it");
        if (strict)
        {
            row.Suspicions.ShouldBeEmpty("a silo that leaves gracefully is never suspected");
        }

        // Every acknowledged grant, renewal and release is in the audit log, and the lease invariant holds over it all.
        foreach (var session in leaseSessions)
        {
            var audited = await AuditedLeaseWritesAsync(cluster, session);
            var acknowledged = load.LeaseWrites.Where(write => write.Session == session).Select(write => (write.Kind, write.LeaseId)).ToList();
            acknowledged.Where(write => !audited.Contains(write)).ShouldBeEmpty($"{session}: acknowledged lease writes missing from the audit log");
            (await LeaseAuditChecker.CheckAsync(cluster.Stores.Audit, "dev", session["dev/".Length..])).Grants.ShouldBeGreaterThan(1);
        }

        // Every acknowledged registration reads back through each survivor (written through before it was acknowledged),
        // and, when asked, with at least its latest acknowledged heartbeat.
        var survivors = cluster.Running;
        survivors.Count.ShouldBe(2);
        var lost = new List<string>();
        await Parallel.ForEachAsync(load.Registrations, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (pair, _) =>
        {
            foreach (var survivor in survivors)
            {
                var info = await survivor.Grains.GetGrain<ISessionGrain>(pair.Key).GetAsync();
                var beat = strict && load.Heartbeats.TryGetValue(pair.Key, out var at) ? at : (DateTimeOffset?)null;
                if (info is null || info.HarnessId != pair.Value || (beat is not null && (info.LastHeartbeatAt is null || info.LastHeartbeatAt < beat)))
                {
                    lock (lost)
                    {
                        lost.Add($"{pair.Key} through {survivor.Name}: {(info is null ? "missing" : $"heartbeat {info.LastHeartbeatAt:O}, acknowledged {beat:O}")}");
                    }
                }
            }
        });
        lost.ShouldBeEmpty($"every acknowledged session write survives the graceful stop; lost: {string.Join("; ", lost.Take(10))}");
        output.WriteLine($"checked in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<HashSet<(string Kind, string LeaseId)>> AuditedLeaseWritesAsync(TestCluster cluster, string sessionKey)
    {
        var audited = new HashSet<(string, string)>();
        long after = 0;
        while (true)
        {
            var page = await cluster.Stores.Audit.ReadStreamAsync("dev", "controller/" + sessionKey["dev/".Length..], after, 1_000);
            if (page.Count == 0)
            {
                return audited;
            }

            foreach (var record in page)
            {
                using var data = JsonDocument.Parse(record.Data);
                audited.Add((record.Kind, data.RootElement.GetProperty("lease_id").GetString()!));
            }

            after = page[^1].Seq;
        }
    }
}
