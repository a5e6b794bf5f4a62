using Beach.Actors.Bench.CommandLine;

namespace Beach.Actors.Bench.Scenarios;

/// <summary>One load scenario: starts what it needs, measures, prints its table, stops everything it started.</summary>
internal interface IScenario
{
    string Name { get; }

    Task RunAsync(BenchOptions options, TextWriter output);
}
