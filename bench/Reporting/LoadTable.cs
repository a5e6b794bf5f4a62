using Beach.Actors.Bench.Measurement;

namespace Beach.Actors.Bench.Reporting;

/// <summary>The columns every load scenario prints, one row per (scenario, concurrency).</summary>
internal sealed class LoadTable
{
    private readonly TablePrinter _table = new(
        "scenario", "concurrency", "ops", "ops/s", "p50 µs", "p99 µs", "p99.9 µs", "CPU µs/op (process)", "alloc B/op (process)", "GCs 0/1/2", "GC pause ms", "machine idle %", "steal %");

    public void Add(string scenario, int concurrency, LoadResult result)
    {
        _table.Add(
            scenario,
            concurrency,
            result.Ops,
            result.OpsPerSecond,
            result.Latency.PercentileMicroseconds(50),
            result.Latency.PercentileMicroseconds(99),
            result.Latency.PercentileMicroseconds(99.9),
            result.CpuMicrosecondsPerOp,
            result.AllocatedBytesPerOp,
            $"{result.Collections.Gen0}/{result.Collections.Gen1}/{result.Collections.Gen2}",
            result.GcPause.TotalMilliseconds,
            result.IdlePercent,
            result.StealPercent);
    }

    public void Print(TextWriter output) => _table.Print(output);
}
