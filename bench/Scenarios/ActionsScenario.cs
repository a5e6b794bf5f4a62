using System.Net.WebSockets;
using Beach.Actors.Bench.CommandLine;
using Beach.Actors.Bench.Hosting;
using Beach.Actors.Bench.Http;
using Beach.Actors.Bench.Measurement;
using Beach.Actors.Bench.Reporting;

namespace Beach.Actors.Bench.Scenarios;

/// <summary>
/// The action pipeline end to end through the embedded host's HTTP gateway: 16 controllers on 16 sessions, each
/// posting a batch and waiting until its harness (16 long-polling loops in this process) has acked it. An operation
/// is one batch from enqueue to ack, so its latency is every action's enqueue → delivered → acked time, and
/// actions/s is operations/s times the batch size. Each batch size runs twice: harnesses on the long poll (and ack
/// POSTs), then on the actions WebSocket. Every enqueue and every ack is an audited, fsynced append.
/// </summary>
internal sealed class ActionsScenario : IScenario
{
    private const int SESSIONS = 16;
    private static readonly int[] s_batchSizes = [1, 16, 64];

    /// <summary>The harness's two ways to take actions: long poll plus ack POSTs, or the WebSocket (push, acks on it).</summary>
    private static readonly string[] s_transports = ["poll", "ws"];

    /// <summary>The target load: the latency rows are paced at this many actions/s, in batches of 16.</summary>
    private const double TARGET_ACTIONS_PER_SECOND = 10_000;
    private const int PACED_BATCH_SIZE = 16;

    /// <summary>Closed-loop rows (as fast as the 16 controllers go) for every transport and batch size, then paced rows at the target load.</summary>
    private static IEnumerable<Row> Rows()
        => s_transports.SelectMany(transport => s_batchSizes.Select(batchSize => new Row(transport, batchSize, null)))
            .Concat(s_transports.Select(transport => new Row(transport, PACED_BATCH_SIZE, TARGET_ACTIONS_PER_SECOND)));

    public string Name => "actions";

    public async Task RunAsync(BenchOptions options, TextWriter output)
    {
        await using var server = await EmbeddedServer.StartAsync();

        // A connection per controller and two per harness (a poll may wait while its ack is sent).
        using var http = BenchHttpClient.Create(server.Address, SESSIONS * 3);
        var table = new LoadTable();
        var summary = new TablePrinter("harness", "batch", "load", "controllers", "actions/s", "p50 ms", "p99 ms", "p99.9 ms", "CPU µs/action", "audit batches", "mean audit batch size");
        foreach (var (transport, batchSize, actionsPerSecond) in Rows())
        {
            var paced = actionsPerSecond is null ? "" : "-paced";
            var sessions = new ActionSession[SESSIONS];
            for (var i = 0; i < SESSIONS; i++)
            {
                sessions[i] = new ActionSession(http, $"bench-actions-{transport}{paced}-b{batchSize}-{i}");
                await sessions[i].PrepareAsync(batchSize);
            }

            using var stop = new CancellationTokenSource();
            var harnesses = sessions.Select(session => Task.Run(() => transport == "ws"
                ? session.RunWebSocketHarnessAsync(server.Address, stop.Token)
                : session.RunHarnessAsync(stop.Token))).ToArray();
            var writerBefore = server.Database.WriterStatistics;
            var result = await LoadRunner.RunAsync<int>(
                SESSIONS, worker => sessions[worker].SendBatchAsync, options.Warmup, options.Duration, actionsPerSecond / batchSize);
            var writerAfter = server.Database.WriterStatistics;
            await stop.CancelAsync();
            await Task.WhenAll(harnesses.Select(async harness =>
            {
                try
                {
                    await harness;
                }
                catch (OperationCanceledException)
                {
                }
                catch (WebSocketException) when (stop.IsCancellationRequested)
                {
                    // The socket was torn down by the cancellation.
                }
            }));

            var label = actionsPerSecond is { } rate ? $"{transport}, batch {batchSize}, paced at {rate:N0}/s" : $"{transport}, batch {batchSize}";
            table.Add($"{Name} ({label})", SESSIONS, result);
            var batches = writerAfter.BatchesCommitted - writerBefore.BatchesCommitted;
            var items = writerAfter.ItemsCommitted - writerBefore.ItemsCommitted;
            summary.Add(
                transport,
                batchSize,
                actionsPerSecond is { } target ? $"paced {target:N0}/s" : "closed loop",
                SESSIONS,
                result.OpsPerSecond * batchSize,
                result.Latency.PercentileMicroseconds(50) / 1_000,
                result.Latency.PercentileMicroseconds(99) / 1_000,
                result.Latency.PercentileMicroseconds(99.9) / 1_000,
                result.CpuMicrosecondsPerOp / batchSize,
                batches,
                batches == 0 ? double.NaN : (double)items / batches);
        }

        output.WriteLine($"## {Name}: enqueue → delivered → acked through the embedded host's HTTP gateway (Kestrel on {server.Address}, SQLite audit), {Environment.ProcessorCount} cores");
        table.Print(output);
        output.WriteLine();
        output.WriteLine("Per action (latency is the batch's, enqueue to ack, counted from when a paced batch was due; the audit rows include warm-up):");
        summary.Print(output);
        output.WriteLine();
    }

    private sealed record Row(string Transport, int BatchSize, double? ActionsPerSecond);
}
