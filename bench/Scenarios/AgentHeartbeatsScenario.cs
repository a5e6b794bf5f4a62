using System.Diagnostics;
using Beach.Actors.Agents;
using Beach.Actors.Bench.CommandLine;
using Beach.Actors.Bench.Hosting;
using Beach.Actors.Bench.Reporting;

namespace Beach.Actors.Bench.Scenarios;

/// <summary>
/// What 100,000 agents beating every 30 s cost one silo: registers and starts <see cref="AGENTS"/> agents through
/// grain calls on the embedded host (SQLite state and audit log), has every agent beat once (its first beat writes its
/// health word; later ones do not), then paces one beat per agent per <see cref="INTERVAL_SECONDS"/> through grain
/// calls and reports the process's CPU time over the wall time, as a fraction of one core. The pacer runs in the same
/// process, so its own (small) cost is included. Memory per agent is the managed heap's growth over registration and
/// start, after a full collection, divided by the agents.
/// </summary>
internal sealed class AgentHeartbeatsScenario : IScenario
{
    private const int AGENTS = 100_000;
    private const int INTERVAL_SECONDS = AgentOptions.DEFAULT_HEARTBEAT_INTERVAL_SECONDS;
    private const int CALLERS = 64;
    private const int MIN_MEASURED_SECONDS = 20;
    private const string TENANT = "bench";

    /// <summary>The pacer sends a slice of the beats this often.</summary>
    private static readonly TimeSpan s_slice = TimeSpan.FromMilliseconds(10);

    private static readonly AgentHeartbeat s_beat = new("healthy", 3_600, null);

    public string Name => "agent-heartbeats";

    public async Task RunAsync(BenchOptions options, TextWriter output)
    {
        await using var server = await EmbeddedServer.StartAsync();
        var grains = server.Grains;
        var agents = new IAgentGrain[AGENTS];
        for (var i = 0; i < AGENTS; i++)
        {
            agents[i] = grains.GetGrain<IAgentGrain>(AgentKey.For(TENANT, $"bench-{new Guid(i, 0, 0, new byte[8]):D}"));
        }

        // One agent first: JIT, the registry's activation and the writer's first growth are not per agent.
        await RegisterAsync(grains.GetGrain<IAgentGrain>(AgentKey.For(TENANT, $"warm-{Guid.NewGuid():D}")), -1);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var setup = Stopwatch.StartNew();
        await ForEachAsync(AGENTS, i => RegisterAsync(agents[i], i));
        var registerSeconds = setup.Elapsed.TotalSeconds;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        await ForEachAsync(AGENTS, i => agents[i].HeartbeatAsync(s_beat));

        var measured = TimeSpan.FromSeconds(Math.Max(MIN_MEASURED_SECONDS, options.Duration.TotalSeconds));
        var (beats, failures, cpu, wall, gen0, gen2) = await PaceAsync(agents, measured);

        var table = new TablePrinter("agents", "interval s", "target beats/s", "beats/s", "failed", "CPU cores", "gen0", "gen2", "heap MB", "heap B/agent", "setup s");
        table.Add(
            AGENTS,
            INTERVAL_SECONDS,
            (double)AGENTS / INTERVAL_SECONDS,
            beats / wall.TotalSeconds,
            failures,
            cpu.TotalSeconds / wall.TotalSeconds,
            gen0,
            gen2,
            heapAfter / 1_048_576.0,
            (double)(heapAfter - heapBefore) / AGENTS,
            registerSeconds);
        output.WriteLine($"## {Name}: {AGENTS:N0} running agents, one beat each per {INTERVAL_SECONDS} s, grain calls on the embedded host (SQLite), {Environment.ProcessorCount} cores, measured {wall.TotalSeconds:0.#} s");
        table.Print(output);
        output.WriteLine("CPU cores = process CPU time / wall time while pacing (target: under 0.25). heap = GC.GetTotalMemory(true) after register+start, growth over the agents.");
        output.WriteLine($"activations: {server.Silo.ActivationCount:N0}");
        output.WriteLine();
    }

    private static async Task<AgentInfo> RegisterAsync(IAgentGrain agent, int i)
    {
        var manifest = new AgentManifest($"bench-agent-{i}", "1.0.0", "bench", null, ["logs.bench"], "findings.bench", ["beach_state"]);
        await agent.RegisterAsync(manifest, AgentSource.Api, null, null, "bench");
        return await agent.TransitionAsync(AgentCommand.Start, "bench", null);
    }

    /// <summary>Runs <paramref name="call"/> for 0..count-1 with <see cref="CALLERS"/> in flight.</summary>
    private static async Task ForEachAsync<T>(int count, Func<int, Task<T>> call)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, CALLERS).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await call(i);
            }
        })));
    }

    /// <summary>Sends beats at one per agent per interval, in 10 ms slices, round the agents, for <paramref name="duration"/>.</summary>
    private static async Task<(long Beats, long Failures, TimeSpan Cpu, TimeSpan Wall, int Gen0, int Gen2)> PaceAsync(IAgentGrain[] agents, TimeSpan duration)
    {
        var process = Process.GetCurrentProcess();
        var perSecond = (double)agents.Length / INTERVAL_SECONDS;
        var inFlight = new List<Task<AgentHealth>>(1_024);
        long beats = 0, failures = 0;
        var next = 0;
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        process.Refresh();
        var cpuStart = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        using var ticker = new PeriodicTimer(s_slice);
        while (wall.Elapsed < duration && await ticker.WaitForNextTickAsync())
        {
            // As many beats as are due by now: a late tick catches up rather than lowering the rate.
            var due = (long)(wall.Elapsed.TotalSeconds * perSecond);
            for (; beats < due; beats++)
            {
                inFlight.Add(agents[next].HeartbeatAsync(s_beat));
                next = next + 1 == agents.Length ? 0 : next + 1;
            }

            foreach (var beat in inFlight)
            {
                try
                {
                    await beat;
                }
                catch (Exception)
                {
                    failures++;
                }
            }

            inFlight.Clear();
        }

        var elapsed = wall.Elapsed;
        process.Refresh();
        return (beats, failures, process.TotalProcessorTime - cpuStart, elapsed, GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2);
    }
}
