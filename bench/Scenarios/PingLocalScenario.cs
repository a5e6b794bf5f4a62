using Beach.Actors.Bench.CommandLine;
using Beach.Actors.Bench.Grains;
using Beach.Actors.Bench.Hosting;
using Beach.Actors.Bench.Measurement;
using Beach.Actors.Bench.Reporting;

namespace Beach.Actors.Bench.Scenarios;

/// <summary>
/// Grain calls in one process: callers loop over <see cref="GRAINS"/> ping grains, each awaiting one call at a time.
/// Measures the runtime's call path (reference, message, activation turn, response) without any network.
/// </summary>
internal sealed class PingLocalScenario : IScenario
{
    private const int GRAINS = 1_000;

    private static readonly int[] s_concurrency = [1, 16, 256];

    public string Name => "ping-local";

    public async Task RunAsync(BenchOptions options, TextWriter output)
    {
        await using var silo = await InProcessSilo.StartAsync(typeof(PingGrain).Assembly);

        // References are made once: the scenario measures calls, not reference creation.
        var grains = new IPingGrain[GRAINS];
        for (var i = 0; i < GRAINS; i++)
        {
            grains[i] = silo.Grains.GetGrain<IPingGrain>(i);
            await grains[i].Ping();
        }

        var table = new LoadTable();
        foreach (var concurrency in s_concurrency)
        {
            var result = await LoadRunner.RunAsync(concurrency, worker => Caller(grains, worker, concurrency), options.Warmup, options.Duration);
            table.Add(Name, concurrency, result);
        }

        output.WriteLine($"## {Name}: {GRAINS:N0} grains, one in-process silo, in-memory storage, {Environment.ProcessorCount} cores");
        table.Print(output);
        output.WriteLine($"activations: {silo.Silo.ActivationCount:N0}");
        output.WriteLine();
    }

    private static Func<ValueTask<int>> Caller(IPingGrain[] grains, int worker, int concurrency)
    {
        // Callers start spread over the grains and walk them in step, so they seldom queue behind one another.
        var next = worker * GRAINS / concurrency;
        return () =>
        {
            var grain = grains[next];
            next = next + 1 == GRAINS ? 0 : next + 1;
            return grain.Ping();
        };
    }
}
