using System.Collections.Immutable;

namespace Beach.Actors.Agents;

/// <summary>Log levels, lowest first; a query's level is a minimum.</summary>
public enum AgentLogLevel
{
    /// <summary>Debug.</summary>
    Debug,

    /// <summary>Info.</summary>
    Info,

    /// <summary>Warning.</summary>
    Warning,

    /// <summary>Error.</summary>
    Error,

    /// <summary>Critical.</summary>
    Critical,
}

/// <summary>One log entry of an agent.</summary>
[Immutable]
public sealed record AgentLogEntry(DateTimeOffset Timestamp, AgentLogLevel Level, string Message, ImmutableDictionary<string, string>? Context);

/// <summary>One metric sample of an agent.</summary>
[Immutable]
public sealed record AgentMetricSample(DateTimeOffset Timestamp, string Name, double Value);

/// <summary>What an ingest kept: how many entries were accepted and how many older ones the ring dropped to make room.</summary>
[Immutable]
public sealed record AgentIngestResult(int Accepted, long DroppedTotal, int Held, int Capacity);

/// <summary>A query of recent log entries or metric samples.</summary>
/// <param name="Since">Only entries at or after this time.</param>
/// <param name="MinLevel">Logs only: only entries at this level or above.</param>
/// <param name="Name">Metrics only: only samples of this metric.</param>
/// <param name="Limit">At most this many, the newest.</param>
[Immutable]
public sealed record AgentTelemetryQuery(DateTimeOffset? Since, AgentLogLevel? MinLevel, string? Name, int Limit);

/// <summary>Recent log entries, oldest first, with what the ring holds and has dropped.</summary>
[Immutable]
public sealed record AgentLogPage(ImmutableArray<AgentLogEntry> Entries, int Held, int Capacity, long DroppedTotal);

/// <summary>Recent metric samples, oldest first, with what the ring holds and has dropped.</summary>
[Immutable]
public sealed record AgentMetricPage(ImmutableArray<AgentMetricSample> Samples, int Held, int Capacity, long DroppedTotal);
