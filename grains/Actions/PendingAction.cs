using System.Text.Json;

namespace Beach.Actors.Actions;

/// <summary>An accepted action waiting for its ack, with its delivery state. Lives inside one activation's turns only.</summary>
internal sealed class PendingAction(long seq, string? actionId, string kind, JsonElement payload, long fencingToken, string controllerId, DateTimeOffset queuedAt)
{
    public long Seq { get; } = seq;

    public string? ActionId { get; } = actionId;

    public string Kind { get; } = kind;

    public JsonElement Payload { get; } = payload;

    public long FencingToken { get; } = fencingToken;

    public string ControllerId { get; } = controllerId;

    public DateTimeOffset QueuedAt { get; } = queuedAt;

    public DateTimeOffset? FirstDeliveredAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public int Deliveries { get; private set; }

    /// <summary>
    /// The audit sequence number of the record that queued the action: a replay that starts just before it rebuilds
    /// the action. Set once that record is appended (or, in a replay, read).
    /// </summary>
    public long QueuedRecordSeq { get; set; }

    /// <summary>Acked or cancelled: gone from the queue, though a delivery list may still hold it until it reaches the head.</summary>
    public bool Done { get; set; }

    public void MarkDelivered(DateTimeOffset at)
    {
        FirstDeliveredAt ??= at;
        DeliveredAt = at;
        Deliveries++;
    }

    public QueuedAction Snapshot() => new(Seq, ActionId, Kind, Payload, FencingToken, ControllerId, QueuedAt, DeliveredAt, Deliveries);
}
