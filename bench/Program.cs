using Beach.Actors.Bench.CommandLine;
using Beach.Actors.Bench.Measurement;
using Beach.Actors.Bench.Scenarios;

var options = BenchOptions.Parse(args, out var error);
if (options is null)
{
    if (error is not null)
    {
        Console.Error.WriteLine($"error: {error}");
    }

    Console.Error.WriteLine(BenchOptions.USAGE);
    return error is null ? 0 : 2;
}

IScenario[] scenarios = [new PingLocalScenario(), new PingRemoteScenario(), new FailoverScenario(), new LeaseChurnScenario(), new ClusterLeaseChurnScenario(), new ActivationsScenario(), new ActionsScenario(), new SseFanoutScenario(), new AgentHeartbeatsScenario()];
Console.WriteLine(
    $"# Beach.Actors bench — {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm}Z, .NET {Environment.Version}, {Environment.ProcessorCount} cores, "
    + $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, warm-up {options.Warmup.TotalSeconds}s, measured {options.Duration.TotalSeconds}s per row");
Console.WriteLine();
using var allocations = options.AllocationTypes ? new AllocationSampler() : null;
foreach (var scenario in scenarios.Where(s => options.Scenario == "all" || options.Scenario == s.Name))
{
    await scenario.RunAsync(options, Console.Out);
}

allocations?.Print(Console.Out);

return 0;
