using System.Diagnostics;
using System.Text.Json;
using Beach.Actors.Bench.CommandLine;
using Beach.Actors.Bench.Hosting;
using Beach.Actors.Bench.Reporting;
using Beach.Actors.Sessions;

namespace Beach.Actors.Bench.Scenarios;

/// <summary>
/// What an idle session costs in memory: registers <see cref="SESSIONS"/> sessions through the grain factory of the
/// embedded host (state in SQLite, so the managed heap holds only the activations), forces a full collection and
/// divides the heap's growth by the activations that caused it. (A read of a session never registered leaves no
/// activation behind, by design, so there is no "bare" row.)
/// </summary>
internal sealed class ActivationsScenario : IScenario
{
    private const int SESSIONS = 100_000;

    /// <summary>Enough callers in flight to fill the SQLite writer's group commits.</summary>
    private const int CALLERS = 64;

    private static readonly JsonElement s_metadata = JsonDocument.Parse("""{"cwd":"/home/dev/project"}""").RootElement.Clone();

    public string Name => "activations";

    public async Task RunAsync(BenchOptions options, TextWriter output)
    {
        await using var server = await EmbeddedServer.StartAsync();
        var grains = server.Grains;

        // One of each first: JIT, the writer's connection and the catalog's first growth are not per activation.
        await grains.GetGrain<ISessionGrain>("dev/bench-warm").RegisterAsync(Registration(0));

        var table = new TablePrinter("scenario", "sessions", "ActivationCount", "seconds", "activations/s", "heap before MB", "heap after MB", "heap B/activation");
        await MeasureAsync(server, table, "registered session", i => grains.GetGrain<ISessionGrain>($"dev/bench-{i}").RegisterAsync(Registration(i)));

        output.WriteLine($"## {Name}: {SESSIONS:N0} idle SessionGrain activations per row, embedded host, SQLite state, {CALLERS} callers");
        table.Print(output);
        output.WriteLine("heap = GC.GetTotalMemory(forceFullCollection: true), before and after, over the activations added.");
        output.WriteLine();
    }

    private static async Task MeasureAsync<T>(EmbeddedServer server, TablePrinter table, string scenario, Func<int, Task<T>> activate)
    {
        var countBefore = server.Silo.ActivationCount;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var started = Stopwatch.GetTimestamp();
        var next = -1;
        var callers = Enumerable.Range(0, CALLERS).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < SESSIONS; i = Interlocked.Increment(ref next))
            {
                await activate(i);
            }
        }));
        await Task.WhenAll(callers);
        var elapsed = Stopwatch.GetElapsedTime(started);

        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var added = server.Silo.ActivationCount - countBefore;
        table.Add(
            scenario,
            SESSIONS,
            server.Silo.ActivationCount,
            elapsed.TotalSeconds,
            SESSIONS / elapsed.TotalSeconds,
            heapBefore / 1_048_576.0,
            heapAfter / 1_048_576.0,
            added == 0 ? double.NaN : (double)(heapAfter - heapBefore) / added);
    }

    private static SessionRegistration Registration(int i)
        => new($"bench-harness-{i}", "terminal_shim", ["terminal_semantic_v1"], s_metadata);
}
