using System.Collections.Immutable;

namespace Beach.Actors.Agents;

/// <summary>
/// Recent logs and metrics, each in a bounded ring (<see cref="AgentOptions.LogRingCapacity"/>,
/// <see cref="AgentOptions.MetricRingCapacity"/>) that drops its oldest entries when full and counts them. In memory
/// only: they are for "what is it doing now"; a log pipeline keeps the long history.
/// </summary>
internal sealed partial class AgentGrain
{
    private BoundedRing<AgentLogEntry>? _logs;
    private BoundedRing<AgentMetricSample>? _metrics;

    public Task<AgentIngestResult> IngestLogsAsync(ImmutableArray<AgentLogEntry> entries)
    {
        RequireExists();
        var ring = _logs ??= new BoundedRing<AgentLogEntry>(options.Value.LogRingCapacity);
        foreach (var entry in entries)
        {
            ring.Add(entry);
        }

        return Task.FromResult(new AgentIngestResult(entries.Length, ring.Dropped, ring.Count, ring.Capacity));
    }

    public Task<AgentLogPage> QueryLogsAsync(AgentTelemetryQuery query)
    {
        RequireExists();
        var ring = _logs ??= new BoundedRing<AgentLogEntry>(options.Value.LogRingCapacity);
        var found = ring.Newest(
            entry => (query.Since is not { } since || entry.Timestamp >= since) && (query.MinLevel is not { } level || entry.Level >= level),
            query.Limit);
        return Task.FromResult(new AgentLogPage([.. found], ring.Count, ring.Capacity, ring.Dropped));
    }

    public Task<AgentIngestResult> IngestMetricsAsync(ImmutableArray<AgentMetricSample> samples)
    {
        RequireExists();
        var ring = RecordMetrics(samples);
        return Task.FromResult(new AgentIngestResult(samples.Length, ring.Dropped, ring.Count, ring.Capacity));
    }

    public Task<AgentMetricPage> QueryMetricsAsync(AgentTelemetryQuery query)
    {
        RequireExists();
        var ring = _metrics ??= new BoundedRing<AgentMetricSample>(options.Value.MetricRingCapacity);
        var found = ring.Newest(
            sample => (query.Since is not { } since || sample.Timestamp >= since) && (query.Name is null || sample.Name == query.Name),
            query.Limit);
        return Task.FromResult(new AgentMetricPage([.. found], ring.Count, ring.Capacity, ring.Dropped));
    }

    private BoundedRing<AgentMetricSample> RecordMetrics(IEnumerable<AgentMetricSample> samples)
    {
        var ring = _metrics ??= new BoundedRing<AgentMetricSample>(options.Value.MetricRingCapacity);
        foreach (var sample in samples)
        {
            ring.Add(sample);
        }

        return ring;
    }
}
