using System.Text.Json;

namespace Beach.Actors.Testing.Http;

/// <summary>The answer to <c>POST /sessions/{id}/actions</c>.</summary>
public sealed record EnqueueJson(string SessionId, IReadOnlyList<AcceptedJson> Accepted, int QueueDepth, int QueueCapacity);

/// <summary>One accepted action.</summary>
public sealed record AcceptedJson(long Seq, string? ActionId);

/// <summary>An action as delivered or pending.</summary>
public sealed record ActionJson(
    long Seq,
    string? ActionId,
    string Kind,
    JsonElement Payload,
    long FencingToken,
    string ControllerId,
    DateTimeOffset QueuedAt,
    DateTimeOffset? DeliveredAt,
    int Deliveries);

/// <summary>The answer to a poll.</summary>
public sealed record DeliveryJson(IReadOnlyList<ActionJson> Actions);

/// <summary>The answer to <c>GET /sessions/{id}/actions/pending</c>.</summary>
public sealed record PendingJson(IReadOnlyList<ActionJson> Actions, int QueueDepth, int QueueCapacity);

/// <summary>The answer to an ack.</summary>
public sealed record AckResultJson(IReadOnlyList<AckOutcomeJson> Outcomes, int QueueDepth);

/// <summary>One ack's outcome.</summary>
public sealed record AckOutcomeJson(long Seq, string Outcome, double? DeliveryMs, double? AckMs);

/// <summary>The answer to <c>GET /sessions/{id}/actions/stats</c>.</summary>
public sealed record ActionStatsJson(
    long Accepted,
    long Delivered,
    long Acked,
    long Refused,
    long Cancelled,
    long Abandoned,
    int QueueDepth,
    int QueueCapacity,
    LatencyJson DeliveryLatencyMs,
    LatencyJson AckLatencyMs);

/// <summary>Latency percentiles in milliseconds.</summary>
public sealed record LatencyJson(int Samples, double P50, double P99, double Max);

/// <summary>The answer to an emergency stop.</summary>
public sealed record EmergencyStopJson(string SessionId, string? RevokedLeaseId, string? RevokedControllerId, int CancelledActions, string StoppedBy, DateTimeOffset At);
