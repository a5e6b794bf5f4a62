using System.Globalization;

namespace Beach.Actors.Bench.CommandLine;

/// <summary>What to run and for how long, parsed from <c>&lt;scenario&gt; [--duration s] [--warmup s]</c>.</summary>
internal sealed record BenchOptions(string Scenario, TimeSpan Duration, TimeSpan Warmup, bool AllocationTypes = false)
{
    /// <summary>Long enough for a stable rate on a small machine, short enough that <c>all</c> finishes in minutes.</summary>
    public const int DEFAULT_DURATION_SECONDS = 10;

    /// <summary>Lets tiered JIT and connection pools settle before anything is counted.</summary>
    public const int DEFAULT_WARMUP_SECONDS = 2;

    public static readonly IReadOnlyList<string> Scenarios = ["ping-local", "ping-remote", "failover", "lease-churn", "lease-churn-cluster", "activations", "actions", "sse-fanout", "agent-heartbeats", "all"];

    public const string USAGE = """
        usage: dotnet run -c Release --project bench -- <scenario> [--duration 10] [--warmup 2]
          scenario   ping-local | ping-remote | failover | lease-churn | lease-churn-cluster | activations | actions | sse-fanout | agent-heartbeats | all
          --duration seconds measured per row (default 10)
          --warmup   seconds run and discarded before each row (default 2)
          --alloc-types  also print which types the run allocated most (sampled by the runtime)
        """;

    /// <summary>Parses <paramref name="args"/>; returns null and an error when they make no sense.</summary>
    public static BenchOptions? Parse(string[] args, out string? error)
    {
        error = null;
        string? scenario = null;
        var duration = TimeSpan.FromSeconds(DEFAULT_DURATION_SECONDS);
        var warmup = TimeSpan.FromSeconds(DEFAULT_WARMUP_SECONDS);
        var allocationTypes = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--duration":
                    if (!TrySeconds(args, ++i, out duration))
                    {
                        error = "--duration needs a positive number of seconds.";
                        return null;
                    }

                    break;
                case "--warmup":
                    if (!TrySeconds(args, ++i, out warmup, allowZero: true))
                    {
                        error = "--warmup needs a number of seconds, 0 or more.";
                        return null;
                    }

                    break;
                case "--alloc-types":
                    allocationTypes = true;
                    break;
                case "-h" or "--help":
                    return null;
                default:
                    if (scenario is not null || args[i].StartsWith('-'))
                    {
                        error = $"unexpected argument '{args[i]}'.";
                        return null;
                    }

                    scenario = args[i];
                    break;
            }
        }

        if (scenario is null || !Scenarios.Contains(scenario))
        {
            error = scenario is null ? "a scenario is required." : $"unknown scenario '{scenario}'.";
            return null;
        }

        return new BenchOptions(scenario, duration, warmup, allocationTypes);
    }

    private static bool TrySeconds(string[] args, int index, out TimeSpan value, bool allowZero = false)
    {
        value = default;
        if (index >= args.Length
            || !double.TryParse(args[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || seconds < 0 || (seconds == 0 && !allowZero))
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
