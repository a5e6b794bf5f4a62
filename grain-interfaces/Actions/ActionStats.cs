namespace Beach.Actors.Actions;

/// <summary>A session's action pipeline counters and latencies (percentiles over the most recent acks).</summary>
[Immutable]
public sealed record ActionStats(
    long Accepted,
    long Delivered,
    long Acked,
    long Refused,
    long Cancelled,
    long Abandoned,
    int QueueDepth,
    int QueueCapacity,
    LatencySummary DeliveryLatency,
    LatencySummary AckLatency);

/// <summary>Percentiles of a latency, over <see cref="Samples"/> recent actions.</summary>
[Immutable]
public sealed record LatencySummary(int Samples, TimeSpan P50, TimeSpan P99, TimeSpan Max);
