using System.Text;
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
    private static readonly int[] s_concurrency = [1, 16];

    /// <summary>How long the warm cluster is watched doing nothing, for the CPU its timers, probes and polling take.</summary>
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(3);

    public string Name => "lease-churn-cluster";

    public async Task RunAsync(BenchOptions options, TextWriter output)
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var cluster = await ClusterServer.StartAsync(postgres.ConnectionString);
        using var http = BenchHttpClient.Create(cluster.Address, s_concurrency.Max());
        var floorUri = new Uri(EmbeddedServer.FLOOR_PATH, UriKind.Relative);

        var table = new LoadTable();
        var summary = new TablePrinter(
            "concurrency", "lease ops/s", "floor ops/s", "lease/floor", "PostgreSQL CPU µs/op", "audit batches (3 silos)", "mean audit batch size", "appends rejected", "batches failed", "heads moved");
        foreach (var concurrency in s_concurrency)
        {
            var floorBodies = Enumerable.Range(0, concurrency).Select(i => LeaseClient.AcquireBody($"bench-controller-{i}")).ToArray();
            var buffers = Enumerable.Range(0, concurrency).Select(_ => new byte[1_024]).ToArray();
            var floor = await LoadRunner.RunAsync<int>(
                concurrency,
                worker => () => BenchHttpClient.SendAsync(http, BenchHttpClient.Json(HttpMethod.Post, floorUri, floorBodies[worker]), buffers[worker]),
                options.Warmup,
                options.Duration);
            table.Add("floor", concurrency, floor);

            var clients = new LeaseClient[concurrency];
            for (var i = 0; i < concurrency; i++)
            {
                var sessionId = $"bench-cluster-c{concurrency}-{i}";
                await RegisterAsync(http, sessionId);
                clients[i] = new LeaseClient(http, sessionId, $"bench-controller-{i}");
            }

            var before = cluster.AuditStatistics;
            var postgresBefore = postgres.ProcessorTime;
            var lease = await LoadRunner.RunAsync<int>(concurrency, worker => clients[worker].NextAsync, options.Warmup, options.Duration);
            var postgresCpu = postgres.ProcessorTime - postgresBefore;
            var after = cluster.AuditStatistics;
            table.Add(Name, concurrency, lease);

            var batches = after.BatchesCommitted - before.BatchesCommitted;
            var rejected = after.ItemsRejected - before.ItemsRejected;
            var items = after.ItemsCommitted - before.ItemsCommitted + rejected;
            summary.Add(
                concurrency,
                lease.OpsPerSecond,
                floor.OpsPerSecond,
                lease.OpsPerSecond / floor.OpsPerSecond,
                postgresCpu.TotalMicroseconds / (lease.OpsPerSecond * (options.Warmup + options.Duration).TotalSeconds),
                batches,
                batches == 0 ? double.NaN : (double)items / batches,
                rejected,
                after.BatchesFailed - before.BatchesFailed,
                after.HeadsMoved - before.HeadsMoved);
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

    private static async Task RegisterAsync(HttpClient http, string sessionId)
    {
        var body = Encoding.UTF8.GetBytes(
            $$$"""{"session_id":"{{{sessionId}}}","harness_id":"bench-harness","harness_type":"terminal_shim","capabilities":["terminal_semantic_v1"],"metadata":{"cwd":"/home/dev"}}""");
        await BenchHttpClient.SendAsync(http, BenchHttpClient.Json(HttpMethod.Post, new Uri("/sessions/register", UriKind.Relative), body), new byte[4_096]);
    }
}
