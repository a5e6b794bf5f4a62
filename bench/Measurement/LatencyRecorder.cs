using System.Diagnostics;
using System.Numerics;

namespace Beach.Actors.Bench.Measurement;

/// <summary>
/// An HDR-like histogram of latencies in <see cref="Stopwatch"/> ticks: exact below 2^SUB_BUCKET_BITS ticks, then
/// 2^SUB_BUCKET_BITS buckets per power of two (about 3% resolution). Fixed memory whatever the number of samples;
/// one per worker, so recording is a plain increment, merged when the row is done.
/// </summary>
internal sealed class LatencyRecorder
{
    private const int SUB_BUCKET_BITS = 5;
    private const int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;

    /// <summary>Values up to 2^40 ticks (minutes at nanosecond ticks) are kept apart; longer ones share the last bucket.</summary>
    private const int MAX_MAGNITUDE = 40;

    private const int BUCKET_COUNT = (MAX_MAGNITUDE - SUB_BUCKET_BITS + 2) * SUB_BUCKETS;

    private readonly long[] _counts = new long[BUCKET_COUNT];

    public long Count { get; private set; }

    public void Record(long ticks)
    {
        _counts[IndexOf(Math.Max(0, ticks))]++;
        Count++;
    }

    public void Add(LatencyRecorder other)
    {
        for (var i = 0; i < BUCKET_COUNT; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
    }

    /// <summary>The latency at <paramref name="percentile"/> (0–100) in microseconds: the upper edge of its bucket.</summary>
    public double PercentileMicroseconds(double percentile)
    {
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(percentile / 100 * Count);
        long seen = 0;
        for (var i = 0; i < BUCKET_COUNT; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(1, rank))
            {
                return UpperEdgeOf(i) * 1_000_000.0 / Stopwatch.Frequency;
            }
        }

        return UpperEdgeOf(BUCKET_COUNT - 1) * 1_000_000.0 / Stopwatch.Frequency;
    }

    private static int IndexOf(long ticks)
    {
        if (ticks < SUB_BUCKETS)
        {
            return (int)ticks;
        }

        var magnitude = 63 - BitOperations.LeadingZeroCount((ulong)ticks);
        if (magnitude > MAX_MAGNITUDE)
        {
            return BUCKET_COUNT - 1;
        }

        var shift = magnitude - SUB_BUCKET_BITS;
        var sub = (int)(ticks >> shift) - SUB_BUCKETS;
        return (shift + 1) * SUB_BUCKETS + sub;
    }

    private static long UpperEdgeOf(int index)
    {
        if (index < SUB_BUCKETS)
        {
            return index;
        }

        var shift = (index / SUB_BUCKETS) - 1;
        var sub = index % SUB_BUCKETS;
        return ((long)(SUB_BUCKETS + sub + 1) << shift) - 1;
    }
}
