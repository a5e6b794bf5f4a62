using System.Collections.Immutable;
using System.Text.Json;
using Beach.Actors.Audit;

namespace Beach.Actors.Actions;

/// <summary>
/// The audit records of a session's action stream, <c>actions/{session}</c>: what was queued, acked, refused and
/// cancelled. They are the queue's durable form: an activation rebuilds its pending actions by replaying them.
/// Field names are the API's snake_case, so the audit log reads like the routes.
/// </summary>
internal static class ActionRecordCodec
{
    public const string STREAM_PREFIX = "actions/";
    public const string QUEUED = "actions_queued";
    public const string ACKED = "actions_acked";
    public const string REFUSED = "actions_refused";
    public const string EMERGENCY_STOP = "emergency_stop";
    public const string ABANDONED = "actions_abandoned";

    public static string StreamOf(string sessionId) => STREAM_PREFIX + sessionId;

    public static string EncodeQueued(string leaseId, long fencingToken, IReadOnlyList<PendingAction> actions)
        => JsonText.Object(writer =>
        {
            writer.WriteString("lease_id", leaseId);
            writer.WriteNumber("fencing_token", fencingToken);
            writer.WriteStartArray("actions");
            foreach (var action in actions)
            {
                writer.WriteStartObject();
                writer.WriteNumber("seq", action.Seq);
                if (action.ActionId is not null)
                {
                    writer.WriteString("action_id", action.ActionId);
                }

                writer.WriteString("kind", action.Kind);
                if (action.Payload.ValueKind != JsonValueKind.Undefined)
                {
                    writer.WritePropertyName("payload");
                    action.Payload.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    public static string EncodeAcked(IReadOnlyList<(ActionAck Ack, TimeSpan DeliveryLatency, TimeSpan AckLatency)> acks)
        => JsonText.Object(writer =>
        {
            writer.WriteStartArray("acks");
            foreach (var (ack, delivery, acked) in acks)
            {
                writer.WriteStartObject();
                writer.WriteNumber("seq", ack.Seq);
                writer.WriteString("status", StatusName(ack.Status));
                if (ack.Error is not null)
                {
                    writer.WriteString("error", ack.Error);
                }

                writer.WriteNumber("delivery_ms", delivery.TotalMilliseconds);
                writer.WriteNumber("ack_ms", acked.TotalMilliseconds);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    public static string EncodeAbandoned(IReadOnlyList<PendingAction> actions, int maxDeliveries)
        => JsonText.Object(writer =>
        {
            writer.WriteNumber("max_deliveries", maxDeliveries);
            writer.WriteStartArray("abandoned");
            foreach (var action in actions)
            {
                writer.WriteNumberValue(action.Seq);
            }

            writer.WriteEndArray();
        });

    public static string EncodeRefused(string reason, long fencingToken, long highestFencingToken, int count)
        => JsonText.Object(writer =>
        {
            writer.WriteString("reason", reason);
            writer.WriteNumber("fencing_token", fencingToken);
            writer.WriteNumber("highest_fencing_token", highestFencingToken);
            writer.WriteNumber("count", count);
        });

    public static string EncodeEmergencyStop(string reason, string? leaseId, string? controllerId, ImmutableArray<long> cancelled)
        => JsonText.Object(writer =>
        {
            writer.WriteString("reason", reason);
            if (leaseId is not null)
            {
                writer.WriteString("lease_id", leaseId);
                writer.WriteString("controller_id", controllerId);
            }

            writer.WriteStartArray("cancelled");
            foreach (var seq in cancelled)
            {
                writer.WriteNumberValue(seq);
            }

            writer.WriteEndArray();
        });

    public static string StatusName(ActionAckStatus status) => status switch
    {
        ActionAckStatus.Ok => "ok",
        ActionAckStatus.Failed => "failed",
        ActionAckStatus.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>Applies one record of the stream to <paramref name="replay"/>.</summary>
    public static void Replay(AuditRecord record, ActionReplay replay)
    {
        using var document = JsonDocument.Parse(record.Data);
        var root = document.RootElement;
        switch (record.Kind)
        {
            case QUEUED:
                var token = root.GetProperty("fencing_token").GetInt64();
                foreach (var action in root.GetProperty("actions").EnumerateArray())
                {
                    replay.Queued(new PendingAction(
                        action.GetProperty("seq").GetInt64(),
                        action.TryGetProperty("action_id", out var id) ? id.GetString() : null,
                        action.GetProperty("kind").GetString()!,
                        action.TryGetProperty("payload", out var payload) ? payload.Clone() : default,
                        token,
                        record.Actor ?? "",
                        record.At) { QueuedRecordSeq = record.Seq });
                }

                break;
            case ACKED:
                foreach (var ack in root.GetProperty("acks").EnumerateArray())
                {
                    replay.Removed(ack.GetProperty("seq").GetInt64());
                }

                break;
            case EMERGENCY_STOP:
                foreach (var seq in root.GetProperty("cancelled").EnumerateArray())
                {
                    replay.Removed(seq.GetInt64());
                }

                break;
            case ABANDONED:
                foreach (var seq in root.GetProperty("abandoned").EnumerateArray())
                {
                    replay.Removed(seq.GetInt64());
                }

                break;
        }
    }
}
