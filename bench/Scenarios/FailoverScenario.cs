using System.Diagnostics;
using Beach.Actors.Bench.CommandLine;
using Beach.Actors.Bench.Grains;
using Beach.Actors.Bench.Hosting;
using Beach.Actors.Runtime.Membership;

namespace Beach.Actors.Bench.Scenarios;

/// <summary>
/// Time from killing a silo to the first successful call on a grain it hosted, made from a surviving silo that retries
/// every millisecond. Each of <see cref="KILLS"/> rounds kills one silo of three and adds a fresh one. Membership runs
/// with the loopback test timings (<see cref="MembershipOptions.ForLoopbackCluster"/>); the production defaults' detection time is printed
/// beside them, from <see cref="MembershipOptions.FailureDetectionTime"/>.
/// </summary>
internal sealed class FailoverScenario : IScenario
{
    private const int KILLS = 10;

    public string Name => "failover";

    public async Task RunAsync(BenchOptions options, TextWriter output)
    {
        var timings = MembershipOptions.ForLoopbackCluster();
        await using var cluster = new TcpCluster(typeof(RemotePingGrain).Assembly, timings);
        for (var i = 0; i < 3; i++)
        {
            await cluster.AddSiloAsync();
        }

        await cluster.WaitForViewsAsync(active: 3);
        var samples = new List<double>();
        var failedCalls = 0L;
        var alive = cluster.Silos.ToList();
        for (var round = 0; round < KILLS; round++)
        {
            var victim = alive[round % alive.Count];
            var caller = alive.First(silo => silo != victim);
            var grain = TcpCluster.Grains(victim).GetGrain<IRemotePingGrain>(1_000_000 + round);
            await grain.Ping();

            var fromCaller = TcpCluster.Grains(caller).GetGrain<IRemotePingGrain>(1_000_000 + round);
            await fromCaller.Ping();
            var clock = Stopwatch.StartNew();
            await TcpCluster.KillAsync(victim);
            while (true)
            {
                try
                {
                    await fromCaller.Ping();
                    break;
                }
                catch (Exception)
                {
                    failedCalls++;
                    await Task.Delay(1);
                }
            }

            samples.Add(clock.Elapsed.TotalMilliseconds);
            alive.Remove(victim);
            alive.Add(await cluster.AddSiloAsync());
            await WaitForAsync(() => alive.All(silo => TcpCluster.View(silo).Active.Length == 3));
        }

        samples.Sort();
        output.WriteLine($"## {Name}: kill one silo of 3, time to the first successful call on a grain it hosted, {KILLS} kills, loopback TCP, one process");
        output.WriteLine("| timings | kills | p50 ms | p90 ms | max ms | failed calls meanwhile | detection bound (period × missed + timeout + refresh) |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        output.WriteLine($"| test (probe {timings.ProbePeriod.TotalMilliseconds:0} ms, {timings.MissedProbesLimit} missed, {timings.VotesForDeath} votes, refresh {timings.TableRefreshPeriod.TotalMilliseconds:0} ms) | {KILLS} | {Percentile(samples, 0.5):0} | {Percentile(samples, 0.9):0} | {samples[^1]:0} | {failedCalls:N0} | {timings.FailureDetectionTime.TotalMilliseconds:0} ms |");
        var production = new MembershipOptions();
        output.WriteLine($"| production defaults (probe {production.ProbePeriod.TotalSeconds:0} s, {production.MissedProbesLimit} missed, {production.VotesForDeath} votes, refresh {production.TableRefreshPeriod.TotalSeconds:0} s) | not run | | | | | {production.FailureDetectionTime.TotalSeconds:0} s |");
        output.WriteLine();
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The cluster did not settle in 30 s.");
            }

            await Task.Delay(10);
        }
    }
}
