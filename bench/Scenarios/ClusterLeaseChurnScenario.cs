using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Beach.Actors.Gateway;
using Beach.Actors.Postgres;
using Beach.Actors.Bench.CommandLine;
using Beach.Actors.Bench.Hosting;
using Beach.Actors.Bench.Http;
using Beach.Actors.Bench.Measurement;
using Beach.Actors.Bench.Reporting;

namespace Beach.Actors.Bench.Scenarios;

/// <summary>
/// Controller-lease churn through a gateway process in front of <see cref="ClusterServer.SILOS"/> cluster silos whose
/// audit log is PostgreSQL: each client owns one registered session and loops acquire → renew → release, each an
/// audited append committed (fsync on) by the silo that hosts the lease grain. The gateway is a cluster client, so
/// every operation is HTTP to the gateway, a hop over loopback TCP to a silo (and on to the grain's silo when that is
/// another one), and a PostgreSQL round trip. Measured against the floor: the same clients posting the same body to an
/// empty route on the gateway. Client, gateway, silos and PostgreSQL all share this machine's cores.
/// </summary>
internal sealed class ClusterLeaseChurnScenario : IScenario
{
    /// <summary>
    /// The rows: clients, and how many tenants they act for (client i for tenant i mod that). One tenant's appends all
    /// meet at its audit home, whose writer commits them one batch at a time (its hash chain is one sequence); the
    /// row with several tenants shows what the cluster does when their homes and writers differ.
    /// </summary>
    private static readonly (int Clients, int Tenants)[] s_rows = [(1, 1), (16, 1), (16, 4)];

    /// <summary>How long the warm cluster is watched doing nothing, for the CPU its timers, probes and polling take.</summary>
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(3);

    public string Name => "lease-churn-cluster";

    public async Task RunAsync(BenchOptions options, TextWriter output)
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var cluster = await ClusterServer.StartAsync(postgres.ConnectionString);
        using var http = BenchHttpClient.Create(cluster.Address, s_rows.Max(row => row.Clients));
        var floorUri = new Uri(EmbeddedServer.FLOOR_PATH, UriKind.Relative);

        var table = new LoadTable();
        var summary = new TablePrinter(
            "concurrency", "tenants", "lease ops/s", "floor ops/s", "lease/floor", "PostgreSQL CPU µs/op", "audit batches (3 silos)", "mean audit batch size", "appends rejected", "batches failed", "heads moved");
        var busiest = new TablePrinter(
            "concurrency", "tenants", "writers that committed", "batches", "mean batch size", "idle µs/batch", "prepare µs/batch", "round trip µs/batch", "publish µs/batch", "busy %");
        foreach (var (concurrency, tenantCount) in s_rows)
        {
            var floorBodies = Enumerable.Range(0, concurrency).Select(i => LeaseClient.AcquireBody($"bench-controller-{i}")).ToArray();
            var buffers = Enumerable.Range(0, concurrency).Select(_ => new byte[1_024]).ToArray();
            var floor = await LoadRunner.RunAsync<int>(
                concurrency,
                worker => () => BenchHttpClient.SendAsync(http, BenchHttpClient.Json(HttpMethod.Post, floorUri, floorBodies[worker]), buffers[worker]),
                options.Warmup,
                options.Duration);
            table.Add("floor", concurrency, floor);

            // One tenant is the development tenant, as for every other row of the bench; several are bench-t0, bench-t1, ...
            var tokens = Enumerable.Range(0, tenantCount)
                .Select(t => tenantCount == 1 ? null : new AuthenticationHeaderValue("Bearer", BenchSecurity.TokenFor(TenantOf(t, tenantCount))))
                .ToArray();
            var sessionIds = Enumerable.Range(0, concurrency).Select(i => $"bench-cluster-c{concurrency}-t{tenantCount}-{i}").ToArray();
            var clients = new LeaseClient[concurrency];
            for (var i = 0; i < concurrency; i++)
            {
                var token = tokens[i % tenantCount];
                await RegisterAsync(http, sessionIds[i], token);
                clients[i] = new LeaseClient(http, sessionIds[i], $"bench-controller-{i}", token);
            }

            // The same clients reading their sessions' grains: HTTP, the gateway and its hop to a silo, a grain turn, no audit.
            var readUris = Enumerable.Range(0, concurrency)
                .Select(i => new Uri($"{ClusterServer.SESSION_READ_PATH}{TenantOf(i, tenantCount)}/{sessionIds[i]}", UriKind.Relative))
                .ToArray();
            var reads = await LoadRunner.RunAsync<int>(
                concurrency,
                worker => () => BenchHttpClient.SendAsync(http, new HttpRequestMessage(HttpMethod.Get, readUris[worker]), buffers[worker]),
                options.Warmup,
                options.Duration);
            table.Add("grain read (no audit)", concurrency, reads);

            var before = cluster.AuditStatistics;
            var postgresBefore = postgres.ProcessorTime;
            var window = Stopwatch.StartNew();
            var lease = await LoadRunner.RunAsync<int>(concurrency, worker => clients[worker].NextAsync, options.Warmup, options.Duration);
            window.Stop();
            var postgresCpu = postgres.ProcessorTime - postgresBefore;
            var writers = cluster.AuditStatistics.Select((after, silo) => after.Since(before[silo])).ToList();
            table.Add(tenantCount == 1 ? Name : $"{Name}, {tenantCount} tenants", concurrency, lease);

            var all = writers.Aggregate(default(PostgresGroupCommitStatistics), static (sum, writer) => sum + writer);
            var batches = all.BatchesCommitted;
            var rejected = all.ItemsRejected;
            var items = all.ItemsCommitted + rejected;
            summary.Add(
                concurrency,
                tenantCount,
                lease.OpsPerSecond,
                floor.OpsPerSecond,
                lease.OpsPerSecond / floor.OpsPerSecond,
                postgresCpu.TotalMicroseconds / (lease.OpsPerSecond * (options.Warmup + options.Duration).TotalSeconds),
                batches,
                batches == 0 ? double.NaN : (double)items / batches,
                rejected,
                all.BatchesFailed,
                all.HeadsMoved);

            // A tenant's audit home: the writer that committed most, where every silo's appends for its tenants meet.
            var home = writers.MaxBy(writer => writer.BatchesCommitted);
            var timing = new WriterLoopTiming(home.BatchesCommitted, home.Preparing + home.RoundTrips + home.Publishing, window.Elapsed);
            busiest.Add(
                concurrency, tenantCount, writers.Count(writer => writer.BatchesCommitted > 0), home.BatchesCommitted, home.MeanBatchSize,
                timing.PerBatch(timing.Idle), timing.PerBatch(home.Preparing), timing.PerBatch(home.RoundTrips), timing.PerBatch(home.Publishing),
                timing.BusyPercent);
        }

        // After the rows, so start-up's JIT work is done: what remains is the timers, probes and polling of a warm cluster.
        var (idleProcess, idlePostgres) = await MeasureIdleAsync(postgres);
        output.WriteLine(
            $"## {Name}: gateway (Kestrel on {cluster.Address}, a cluster client) in front of {ClusterServer.SILOS} silos over loopback TCP, "
            + $"PostgreSQL audit log (fsync on); client, gateway, {ClusterServer.SILOS} silos and PostgreSQL share the {Environment.ProcessorCount} cores, one HttpClient");
        table.Print(output);
        output.WriteLine();
        output.WriteLine(
            $"PostgreSQL audit group commit, summed over the {ClusterServer.SILOS} silos' writers, and PostgreSQL's CPU (postmaster and backends) "
            + "per lease op (both over warm-up and measured window):");
        summary.Print(output);
        output.WriteLine();
        output.WriteLine("The busiest writer (an audit home), its loop timed per batch (warm-up and measured window):");
        busiest.Print(output);
        output.WriteLine(
            $"idle cluster after the rows ({IdleWindow.TotalSeconds:0} s, no requests): {idleProcess:N2} cores in this process, {idlePostgres:N2} in PostgreSQL");
        output.WriteLine($"activations per silo at the end (lease and session grains, and system grains): {string.Join(" / ", cluster.Activations)}");
        output.WriteLine();
    }

    /// <summary>Cores busy in this process and in PostgreSQL while no request is made: membership probes, timers, polling.</summary>
    private static async Task<(double Process, double Postgres)> MeasureIdleAsync(PostgresServer postgres)
    {
        var processBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var postgresBefore = postgres.ProcessorTime;
        await Task.Delay(IdleWindow);
        var process = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - processBefore;
        var server = postgres.ProcessorTime - postgresBefore;
        return (process / IdleWindow, server / IdleWindow);
    }

    private static string TenantOf(int client, int tenantCount) => tenantCount == 1 ? GatewayOptions.DEFAULT_DEVELOPMENT_TENANT : $"bench-t{client % tenantCount}";

    private static async Task RegisterAsync(HttpClient http, string sessionId, AuthenticationHeaderValue? token)
    {
        var body = Encoding.UTF8.GetBytes(
            $$$"""{"session_id":"{{{sessionId}}}","harness_id":"bench-harness","harness_type":"terminal_shim","capabilities":["terminal_semantic_v1"],"metadata":{"cwd":"/home/dev"}}""");
        var request = BenchHttpClient.Json(HttpMethod.Post, new Uri("/sessions/register", UriKind.Relative), body);
        if (token is not null)
        {
            request.Headers.Authorization = token;
        }

        await BenchHttpClient.SendAsync(http, request, new byte[4_096]);
    }
}
