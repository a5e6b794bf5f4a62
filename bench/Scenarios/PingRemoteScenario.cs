using Beach.Actors.Bench.CommandLine;
using Beach.Actors.Bench.Grains;
using Beach.Actors.Bench.Hosting;
using Beach.Actors.Bench.Measurement;
using Beach.Actors.Bench.Reporting;
using Beach.Actors.Runtime.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Bench.Scenarios;

/// <summary>
/// Grain calls between two silos over loopback TCP: the grains live on silo B, the callers run on silo A, so every
/// call is framed, written, read, dispatched and answered across the transport. Both silos share the process (and
/// its two cores), so the figures include both ends' work.
/// </summary>
internal sealed class PingRemoteScenario : IScenario
{
    private const int GRAINS = 1_000;

    private static readonly int[] s_concurrency = [1, 16, 256];

    public string Name => "ping-remote";

    public async Task RunAsync(BenchOptions options, TextWriter output)
    {
        await using var cluster = new TcpCluster(typeof(RemotePingGrain).Assembly);
        var a = await cluster.AddSiloAsync();
        var b = await cluster.AddSiloAsync();
        await cluster.WaitForViewsAsync(active: 2);

        // First called on B, the prefer-local grains activate there; A's references then always cross the wire.
        for (var i = 0; i < GRAINS; i++)
        {
            await TcpCluster.Grains(b).GetGrain<IRemotePingGrain>(i).Ping();
        }

        var grains = new IRemotePingGrain[GRAINS];
        for (var i = 0; i < GRAINS; i++)
        {
            grains[i] = TcpCluster.Grains(a).GetGrain<IRemotePingGrain>(i);
            await grains[i].Ping();
        }

        var onB = b.Services.GetRequiredService<ActivationCatalog>().Count;
        var onA = a.Services.GetRequiredService<ActivationCatalog>().Count;
        var table = new LoadTable();
        foreach (var concurrency in s_concurrency)
        {
            var result = await LoadRunner.RunAsync(concurrency, worker => Caller(grains, worker, concurrency), options.Warmup, options.Duration);
            table.Add(Name, concurrency, result);
        }

        output.WriteLine($"## {Name}: {GRAINS:N0} grains on silo B, callers on silo A, loopback TCP, one process, {Environment.ProcessorCount} cores");
        table.Print(output);
        output.WriteLine($"activations: {onB:N0} on B, {onA:N0} on A (A's are its system grains)");
        output.WriteLine();
    }

    private static Func<ValueTask<int>> Caller(IRemotePingGrain[] grains, int worker, int concurrency)
    {
        var next = worker * GRAINS / concurrency;
        return () =>
        {
            var grain = grains[next];
            next = next + 1 == GRAINS ? 0 : next + 1;
            return grain.Ping();
        };
    }
}
