namespace Beach.Actors.Actions;

/// <summary>The most recent latencies in a fixed ring (the oldest is overwritten), summarized as percentiles on demand.</summary>
internal sealed class LatencyWindow(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private int _count;
    private int _next;

    public void Add(TimeSpan latency)
    {
        _ticks[_next] = Math.Max(0, latency.Ticks);
        _next = (_next + 1) % _ticks.Length;
        _count = Math.Min(_count + 1, _ticks.Length);
    }

    public LatencySummary Summarize()
    {
        if (_count == 0)
        {
            return new LatencySummary(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        }

        var sorted = _ticks.AsSpan(0, _count).ToArray();
        Array.Sort(sorted);
        return new LatencySummary(_count, At(sorted, 0.50), At(sorted, 0.99), TimeSpan.FromTicks(sorted[^1]));
    }

    private static TimeSpan At(long[] sorted, double quantile)
        => TimeSpan.FromTicks(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)]);
}
