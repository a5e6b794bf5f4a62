using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Beach.Actors.Cluster.Tests.Support;
using Beach.Actors.Leases;
using Beach.Actors.Sessions;
using Beach.Actors.Testing.Postgres;
using Beach.Actors.Runtime.Audit.Cluster;
using Beach.Actors.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Beach.Actors.Cluster.Tests;

public sealed class CutOffTests(ITestOutputHelper output)
{
    private const string Tenant = "dev";
    private const int WANTED_ON_VICTIM = 4;
    private const int MAX_SESSIONS = 96;
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);

    // A silo declared dead while cut off cannot finish deactivating some activations (their directory owners are out of
    // reach), so its host waits out the shutdown timeout: keep that short, as the test's bound.
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(2);
    private static readonly SessionRegistration Registration = new("h1", "terminal_shim", ["terminal_semantic_v1"], JsonDocument.Parse("{}").RootElement);

    [Fact]
    public async Task A_silo_cut_off_from_the_others_is_declared_dead_stops_serving_and_grants_no_lease_after_its_death()
    {
        var clock = Stopwatch.StartNew();
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await TestCluster.StartAsync(database.ConnectionString, silos: 3,
            services => services.Configure<SiloOptions>(options => options.ShutdownTimeout = ShutdownTimeout));
        // The victim is the tenant's audit home: every silo sends the tenant's appends there, so the victim's own grants
        // commit without leaving it, and once it is cut off it can go on granting until the fence stops it. (A silo
        // that is not the home cannot grant once cut off: its appends cannot reach the home.)
        var victim = cluster.Running.Single(silo => ClusterAuditLog.HomeOf(silo.View.Ring, Tenant) == silo.Address);
        var others = cluster.Running.Where(silo => silo != victim).ToList();

        // Sessions whose lease grain lives on the victim: leases are placed on their tenant's audit home, so the first
        // ones activated land there (the loop checks it rather than assume it). The first grant also lets each lease know its session, so that once cut
        // off the victim can go on granting without calling a session grain elsewhere.
        var sessions = new List<string>();
        var onVictim = new List<string>();
        while (onVictim.Count < WANTED_ON_VICTIM && sessions.Count < MAX_SESSIONS)
        {
            var key = $"{Tenant}/cut-{sessions.Count}";
            await cluster.Running[sessions.Count % 3].Grains.GetGrain<ISessionGrain>(key).RegisterAsync(Registration);
            var lease = victim.Grains.GetGrain<IControllerLeaseGrain>(key);
            await lease.ReleaseAsync((await lease.AcquireAsync("warm-up", Ttl)).LeaseId);
            sessions.Add(key);
            if (victim.Hosts(LeaseOf(key)))
            {
                onVictim.Add(key);
            }
        }

        onVictim.Count.ShouldBe(WANTED_ON_VICTIM, $"{WANTED_ON_VICTIM} of at most {MAX_SESSIONS} leases live on the victim");

        // Lease churn through the victim on the leases it hosts, and through the others on the rest. The others turn to
        // the victim's sessions only once it is cut off: before, their grants (routed to the victim) would hold those
        // leases for a TTL and could leave the victim nothing to grant in the window before its death.
        var throughVictim = new ConcurrentBag<(string Session, LeaseGrant Grant, TimeSpan At)>();
        var victimFailures = new ConcurrentDictionary<string, int>();
        var othersGranted = 0L;
        using var stop = new CancellationTokenSource();
        Task ChurnThroughOthers(string key, int i) => Task.Run(() => ChurnAsync(others[i % 2], key, stop.Token, _ => Interlocked.Increment(ref othersGranted), new ConcurrentDictionary<string, int>()));
        var churn = onVictim.Select(key => Task.Run(() => ChurnAsync(victim, key, stop.Token, grant => throughVictim.Add((key, grant, clock.Elapsed)), victimFailures)))
            .Concat(sessions.Except(onVictim).Select(ChurnThroughOthers))
            .ToList();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var grantedBeforeCut = throughVictim.Count;

        var cutAt = clock.Elapsed;
        cluster.CutOff(victim);
        churn.AddRange(onVictim.Select(ChurnThroughOthers));

        // The others vote it dead. Each poll reads the victim's row and the grants of its sessions in one snapshot: the
        // first that sees Dead holds every grant committed before the Dead write.
        var deathSnapshot = await PollUntilDeadAsync(database.ConnectionString, victim.Address, onVictim, TimeSpan.FromSeconds(10));
        var deadSeenAt = clock.Elapsed;

        // It reads itself dead and stops serving by itself, and the others' views drop it.
        await Eventually.HoldsAsync(() => victim.HasStopped, ShutdownTimeout + TimeSpan.FromSeconds(5), "the cut-off silo stops its host by itself");
        var stoppedAt = clock.Elapsed;
        await cluster.WaitForViewsAsync(TimeSpan.FromSeconds(10));
        others.ShouldAllBe(silo => !silo.View.IsActive(victim.Address), "the others no longer count the cut-off silo");
        await Should.ThrowAsync<Exception>(async () => await victim.Grains.GetGrain<IControllerLeaseGrain>(onVictim[0]).GetCurrentAsync());

        // The others take the victim's leases over once their TTL ran out.
        var othersBeforeTakeover = Interlocked.Read(ref othersGranted);
        await Task.Delay(Ttl + TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await Task.WhenAll(churn);

        var grants = throughVictim.ToList();
        var afterCut = grants.Count(grant => grant.At > cutAt);
        output.WriteLine($"victim {victim}: {grantedBeforeCut} grants before the cut-off at {cutAt.TotalSeconds:0.00} s, {afterCut} after; " +
                         $"Dead seen at {deadSeenAt.TotalSeconds:0.00} s (membership version {deathSnapshot.MembershipVersion}), host stopped at {stoppedAt.TotalSeconds:0.00} s; " +
                         $"victim failures: {string.Join(", ", victimFailures.Select(pair => $"{pair.Key} {pair.Value}"))}; " +
                         $"others granted {othersGranted} ({othersGranted - othersBeforeTakeover} after the victim stopped); total {clock.Elapsed.TotalSeconds:0.0} s");

        afterCut.ShouldBeGreaterThan(0, "the cut-off silo went on granting between the cut-off and its death");
        var lateGrants = grants.Where(grant => !deathSnapshot.LeaseIds.Contains(grant.Grant.LeaseId)).ToList();
        lateGrants.ShouldBeEmpty("every grant acknowledged through the cut-off silo committed before it was declared dead: " +
                                 string.Join("; ", lateGrants.Select(grant => $"{grant.Session} token {grant.Grant.FencingToken} at {grant.At.TotalSeconds:0.000} s")));
        (Interlocked.Read(ref othersGranted) - othersBeforeTakeover).ShouldBeGreaterThan(0, "the others grant again after the victim is gone");
        foreach (var key in sessions)
        {
            await LeaseAuditChecker.CheckAsync(cluster.Stores.Audit, Tenant, key[(Tenant.Length + 1)..]);
        }
    }

    private static GrainId LeaseOf(string key) => new("controller-lease", key);

    /// <summary>Acquires and releases one session's lease through one silo until stopped or that silo stops.</summary>
    private static async Task ChurnAsync(TestSilo through, string key, CancellationToken stop, Action<LeaseGrant> granted, ConcurrentDictionary<string, int> failures)
    {
        while (!stop.IsCancellationRequested && !through.HasStopped)
        {
            try
            {
                var lease = through.Grains.GetGrain<IControllerLeaseGrain>(key);
                var grant = await lease.AcquireAsync($"via-{through.Name}", Ttl);
                granted(grant);
                await lease.ReleaseAsync(grant.LeaseId);
            }
            catch (Exception exception)
            {
                failures.AddOrUpdate(exception.GetType().Name, 1, (_, count) => count + 1);
                await Task.Delay(exception is LeaseHeldException ? 50 : 10, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Reads, in one REPEATABLE READ snapshot, the silo's membership status and the lease ids of every grant on the
    /// sessions' controller streams, every few milliseconds until the status is Dead; returns that snapshot's grants.
    /// </summary>
    private static async Task<DeathSnapshot> PollUntilDeadAsync(string connectionString, SiloAddress silo, IReadOnlyList<string> sessions, TimeSpan timeout)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var streams = sessions.Select(key => "controller/" + key[(Tenant.Length + 1)..]).ToArray();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
            await using (var tenant = new NpgsqlCommand("SELECT set_config('beach.tenant', $1, true)", connection, transaction))
            {
                tenant.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Tenant });
                await tenant.ExecuteScalarAsync();
            }

            await using var status = new NpgsqlCommand("""
                SELECT m.status, v.version FROM membership m JOIN membership_version v ON v.cluster_id = m.cluster_id
                WHERE m.cluster_id = 'beach' AND m.host = $1 AND m.port = $2 AND m.generation = $3
                """, connection, transaction);
            status.Parameters.Add(new NpgsqlParameter<string> { TypedValue = silo.Host });
            status.Parameters.Add(new NpgsqlParameter<int> { TypedValue = silo.Port });
            status.Parameters.Add(new NpgsqlParameter<long> { TypedValue = silo.Generation });
            string? state = null;
            long version = 0;
            await using (var reader = await status.ExecuteReaderAsync())
            {
                if (await reader.ReadAsync())
                {
                    state = reader.GetString(0);
                    version = reader.GetInt64(1);
                }
            }

            if (state == nameof(SiloStatus.Dead))
            {
                await using var granted = new NpgsqlCommand(
                    "SELECT data::text FROM audit_log WHERE tenant = $1 AND kind = 'granted' AND stream = ANY($2)", connection, transaction);
                granted.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Tenant });
                granted.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = streams });
                var leaseIds = new HashSet<string>(StringComparer.Ordinal);
                await using var reader = await granted.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    using var data = JsonDocument.Parse(reader.GetString(0));
                    leaseIds.Add(data.RootElement.GetProperty("lease_id").GetString()!);
                }

                return new DeathSnapshot(version, leaseIds);
            }

            await transaction.CommitAsync();
            await Task.Delay(5);
        }

        throw new TimeoutException($"Not within {timeout.TotalSeconds:0.#} s: {silo} declared dead in the membership table.");
    }

    private sealed record DeathSnapshot(long MembershipVersion, HashSet<string> LeaseIds);
}
