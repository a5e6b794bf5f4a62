using System.Text.Json;

namespace Beach.Actors.Gateway.Actions;

/// <summary>
/// The body of <c>POST /sessions/{id}/actions</c>: one <see cref="Action"/> or a batch of <see cref="Actions"/>, under
/// the current lease named by <see cref="LeaseId"/> and <see cref="FencingToken"/>.
/// </summary>
public sealed class EnqueueActionsRequest
{
    /// <summary>The current lease.</summary>
    public string? LeaseId { get; set; }

    /// <summary>The current lease's fencing token.</summary>
    public long? FencingToken { get; set; }

    /// <summary>A batch of actions, applied in order.</summary>
    public List<ActionItem?>? Actions { get; set; }

    /// <summary>A single action (instead of <see cref="Actions"/>).</summary>
    public ActionItem? Action { get; set; }
}

/// <summary>One action in a request.</summary>
public sealed class ActionItem
{
    /// <summary>The controller's own id for the action, echoed back.</summary>
    public string? ActionId { get; set; }

    /// <summary>What to do; the harness interprets it.</summary>
    public string? Kind { get; set; }

    /// <summary>The action's arguments.</summary>
    public JsonElement? Payload { get; set; }
}

/// <summary>What was accepted: each action's sequence number.</summary>
public sealed record EnqueueActionsResponse(string SessionId, IReadOnlyList<AcceptedActionResponse> Accepted, int QueueDepth, int QueueCapacity);

/// <summary>One accepted action.</summary>
public sealed record AcceptedActionResponse(long Seq, string? ActionId);

/// <summary>An action as the harness receives it, or as the pending list shows it.</summary>
public sealed record ActionResponse(
    long Seq,
    string? ActionId,
    string Kind,
    JsonElement Payload,
    long FencingToken,
    string ControllerId,
    DateTimeOffset QueuedAt,
    DateTimeOffset? DeliveredAt,
    int Deliveries);

/// <summary>What a poll handed out; empty when nothing arrived within the wait.</summary>
public sealed record ActionsDelivery(IReadOnlyList<ActionResponse> Actions);

/// <summary>The actions waiting for an ack.</summary>
public sealed record PendingActionsResponse(IReadOnlyList<ActionResponse> Actions, int QueueDepth, int QueueCapacity);

/// <summary>The body of <c>POST /sessions/{id}/actions/ack</c>: a batch of <see cref="Acks"/>, or one ack's fields at the top level.</summary>
public sealed class AckActionsRequest
{
    /// <summary>Acks for several actions.</summary>
    public List<AckItem?>? Acks { get; set; }

    /// <summary>One action's sequence number (instead of <see cref="Acks"/>).</summary>
    public long? Seq { get; set; }

    /// <summary><c>ok</c>, <c>failed</c> or <c>rejected</c>.</summary>
    public string? Status { get; set; }

    /// <summary>Why it failed or was refused.</summary>
    public string? Error { get; set; }
}

/// <summary>One ack.</summary>
public sealed class AckItem
{
    /// <summary>The action's sequence number.</summary>
    public long? Seq { get; set; }

    /// <summary><c>ok</c>, <c>failed</c> or <c>rejected</c>.</summary>
    public string? Status { get; set; }

    /// <summary>Why it failed or was refused.</summary>
    public string? Error { get; set; }
}

/// <summary>What became of each ack.</summary>
public sealed record AckActionsResponse(IReadOnlyList<AckOutcomeResponse> Outcomes, int QueueDepth);

/// <summary>One ack's outcome: <c>acked</c> (with latencies), <c>duplicate</c> (acked before or cancelled) or <c>unknown</c>.</summary>
public sealed record AckOutcomeResponse(long Seq, string Outcome, double? DeliveryMs, double? AckMs);

/// <summary>The pipeline's counters and latencies.</summary>
public sealed record ActionStatsResponse(
    long Accepted,
    long Delivered,
    long Acked,
    long Refused,
    long Cancelled,
    long Abandoned,
    int QueueDepth,
    int QueueCapacity,
    LatencyResponse DeliveryLatencyMs,
    LatencyResponse AckLatencyMs);

/// <summary>Percentiles in milliseconds over <see cref="Samples"/> recent actions.</summary>
public sealed record LatencyResponse(int Samples, double P50, double P99, double Max);

/// <summary>The body of <c>POST /sessions/{id}/emergency-stop</c>.</summary>
public sealed class EmergencyStopRequest
{
    /// <summary>Why the session is stopped; recorded in the audit log.</summary>
    public string? Reason { get; set; }

    /// <summary>Who stops it, when the request carries no identity of its own.</summary>
    public string? RequestedBy { get; set; }
}

/// <summary>What an emergency stop did.</summary>
public sealed record EmergencyStopResponse(string SessionId, string? RevokedLeaseId, string? RevokedControllerId, int CancelledActions, string StoppedBy, DateTimeOffset At);
