using System.Diagnostics;
using Beach.Actors.Bench.CommandLine;
using Beach.Actors.Bench.Grains;
using Beach.Actors.Bench.Hosting;
using Beach.Actors.Runtime.Membership;

namespace Beach.Actors.Bench.Scenarios;

/// <summary>
/// Time from killing a silo to the first successful call on a grain it hosted, made from a surviving silo that retries
/// every millisecond. Each round kills one silo of three, at a random phase of the membership timers, and adds a fresh
/// one. Two rows: <see cref="KILLS"/> rounds
/// with the loopback test timings (<see cref="MembershipOptions.ForLoopbackCluster"/>), and
/// <see cref="PRODUCTION_KILLS"/> with the production defaults (<see cref="MembershipOptions"/>' own values), whose
/// rounds last about their detection bound each.
/// </summary>
internal sealed class FailoverScenario : IScenario
{
    private const int KILLS = 10;

    /// <summary>Rounds with the production defaults: each one waits about 20 s for the dead silo to be declared.</summary>
    private const int PRODUCTION_KILLS = 5;

    public string Name => "failover";

    public async Task RunAsync(BenchOptions options, TextWriter output)
    {
        var test = MembershipOptions.ForLoopbackCluster();
        var production = new MembershipOptions();
        var (testSamples, testFailures) = await MeasureAsync(test, KILLS);
        var (productionSamples, productionFailures) = await MeasureAsync(production, PRODUCTION_KILLS);

        output.WriteLine($"## {Name}: kill one silo of 3, time to the first successful call on a grain it hosted, loopback TCP, one process");
        output.WriteLine("| timings | kills | p50 ms | p90 ms | max ms | failed calls meanwhile | detection bound (period × missed + timeout + refresh) |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        output.WriteLine(Row($"test (probe {test.ProbePeriod.TotalMilliseconds:0} ms, {test.MissedProbesLimit} missed, {test.VotesForDeath} votes, refresh {test.TableRefreshPeriod.TotalMilliseconds:0} ms)", testSamples, testFailures, test));
        output.WriteLine(Row($"production defaults (probe {production.ProbePeriod.TotalSeconds:0} s, {production.MissedProbesLimit} missed, {production.VotesForDeath} votes, refresh {production.TableRefreshPeriod.TotalSeconds:0} s)", productionSamples, productionFailures, production));
        output.WriteLine();
    }

    private static string Row(string timings, List<double> sorted, long failedCalls, MembershipOptions options)
        => $"| {timings} | {sorted.Count} | {Percentile(sorted, 0.5):0} | {Percentile(sorted, 0.9):0} | {sorted[^1]:0} | {failedCalls:N0} | {options.FailureDetectionTime.TotalMilliseconds:0} ms |";

    /// <summary>Kills <paramref name="kills"/> silos one after another in a cluster of three; returns each kill's time, sorted.</summary>
    private static async Task<(List<double> Sorted, long FailedCalls)> MeasureAsync(MembershipOptions timings, int kills)
    {
        await using var cluster = new TcpCluster(typeof(RemotePingGrain).Assembly, timings);
        for (var i = 0; i < 3; i++)
        {
            await cluster.AddSiloAsync();
        }

        await cluster.WaitForViewsAsync(active: 3);
        var samples = new List<double>();
        var failedCalls = 0L;
        var alive = cluster.Silos.ToList();
        for (var round = 0; round < kills; round++)
        {
            var victim = alive[round % alive.Count];
            var caller = alive.First(silo => silo != victim);
            var grain = TcpCluster.Grains(victim).GetGrain<IRemotePingGrain>(1_000_000 + round);
            await grain.Ping();

            var fromCaller = TcpCluster.Grains(caller).GetGrain<IRemotePingGrain>(1_000_000 + round);
            await fromCaller.Ping();

            // The round began when the views settled, on a table refresh: without a pause the kill would fall at the
            // same phase of the refresh and probe timers every round, and every round would take the same time.
            await Task.Delay(Random.Shared.NextDouble() * timings.TableRefreshPeriod);
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
            await cluster.WaitForViewsAsync(active: 3, alive);
        }

        samples.Sort();
        return (samples, failedCalls);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
