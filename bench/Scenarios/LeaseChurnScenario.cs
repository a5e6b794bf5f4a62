using System.Diagnostics;
using System.Text;
using Beach.Actors.Bench.CommandLine;
using Beach.Actors.Bench.Hosting;
using Beach.Actors.Bench.Http;
using Beach.Actors.Bench.Measurement;
using Beach.Actors.Bench.Reporting;

namespace Beach.Actors.Bench.Scenarios;

/// <summary>
/// Controller-lease churn through the HTTP gateway of the embedded host: each client owns one registered session and
/// loops acquire → renew → release, every one of which is an audited, fsynced append. Measured against the floor:
/// the same clients posting the same body to an empty route on the same server.
/// </summary>
internal sealed class LeaseChurnScenario : IScenario
{
    private static readonly int[] s_concurrency = [1, 16];

    public string Name => "lease-churn";

    public async Task RunAsync(BenchOptions options, TextWriter output)
    {
        await using var server = await EmbeddedServer.StartAsync();
        using var http = BenchHttpClient.Create(server.Address, s_concurrency.Max());
        var floorUri = new Uri(EmbeddedServer.FLOOR_PATH, UriKind.Relative);

        var table = new LoadTable();
        var summary = new TablePrinter(
            "concurrency", "lease ops/s", "floor ops/s", "lease/floor", "audit batches", "mean audit batch size",
            "writer idle µs/batch", "execute µs/batch", "commit µs/batch", "publish µs/batch", "writer busy %");
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
                var sessionId = $"bench-c{concurrency}-{i}";
                await RegisterAsync(http, sessionId);
                clients[i] = new LeaseClient(http, sessionId, $"bench-controller-{i}");
            }

            var writerBefore = server.Database.WriterStatistics;
            var window = Stopwatch.StartNew();
            var lease = await LoadRunner.RunAsync<int>(concurrency, worker => clients[worker].NextAsync, options.Warmup, options.Duration);
            var writerAfter = server.Database.WriterStatistics;
            window.Stop();
            table.Add(Name, concurrency, lease);

            var writer = writerAfter.Since(writerBefore);
            var batches = writer.BatchesCommitted;
            var timing = new WriterLoopTiming(batches, writer.Executing + writer.Committing + writer.Publishing, window.Elapsed);
            summary.Add(
                concurrency, lease.OpsPerSecond, floor.OpsPerSecond, lease.OpsPerSecond / floor.OpsPerSecond, batches, batches == 0 ? double.NaN : writer.MeanBatchSize,
                timing.PerBatch(timing.Idle), timing.PerBatch(writer.Executing), timing.PerBatch(writer.Committing), timing.PerBatch(writer.Publishing),
                timing.BusyPercent);
        }

        output.WriteLine($"## {Name}: embedded host (Kestrel on {server.Address}, SQLite in a temp folder), one HttpClient, {Environment.ProcessorCount} cores");
        table.Print(output);
        output.WriteLine();
        output.WriteLine("Audit group commit over each lease row (warm-up and measured window):");
        summary.Print(output);
        output.WriteLine();
    }

    private static async Task RegisterAsync(HttpClient http, string sessionId)
    {
        var body = Encoding.UTF8.GetBytes(
            $$$"""{"session_id":"{{{sessionId}}}","harness_id":"bench-harness","harness_type":"terminal_shim","capabilities":["terminal_semantic_v1"],"metadata":{"cwd":"/home/dev"}}""");
        await BenchHttpClient.SendAsync(http, BenchHttpClient.Json(HttpMethod.Post, new Uri("/sessions/register", UriKind.Relative), body), new byte[4_096]);
    }
}
