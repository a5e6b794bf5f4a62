using System.Collections.Immutable;
using System.Text.Json;
using Beach.Actors.Actions;
using Beach.Actors.Gateway.Problems;

namespace Beach.Actors.Gateway.Actions;

/// <summary>Checks action and ack requests field by field, so a caller learns of every mistake at once.</summary>
internal static class ActionRequestParser
{
    public const int MAX_KIND_LENGTH = 128;
    public const int MAX_ACTION_ID_LENGTH = 128;
    public const int MAX_LEASE_ID_LENGTH = 64;
    public const int MAX_ERROR_LENGTH = 2_048;
    public const int MAX_ACKS = 1_024;

    public static ActionBatch? ParseBatch(EnqueueActionsRequest body, int maxBatch, RequestValidation validation)
    {
        validation.RequireText("lease_id", body.LeaseId, MAX_LEASE_ID_LENGTH);
        if (body.FencingToken is not { } token)
        {
            validation.Add("fencing_token", "is required: the fencing token of the current lease.");
        }
        else if (token <= 0)
        {
            validation.Add("fencing_token", "must be a positive integer.");
        }

        List<ActionItem?> items;
        if (body.Action is not null && body.Actions is not null)
        {
            validation.Add("actions", "give either action or actions, not both.");
            return null;
        }
        else if (body.Action is not null)
        {
            items = [body.Action];
        }
        else if (body.Actions is { Count: > 0 } list)
        {
            items = list;
        }
        else
        {
            validation.Add("actions", "is required: a list of at least one action (or one action as 'action').");
            return null;
        }

        if (items.Count > maxBatch)
        {
            validation.Add("actions", $"holds {items.Count} actions; at most {maxBatch} per request.");
            return null;
        }

        var actions = ImmutableArray.CreateBuilder<ActionRequest>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var field = body.Action is not null ? "action" : $"actions[{i}]";
            if (items[i] is not { } item)
            {
                validation.Add(field, "must be an object.");
                continue;
            }

            validation.RequireText($"{field}.kind", item.Kind, MAX_KIND_LENGTH);
            if (item.ActionId is not null)
            {
                validation.RequireText($"{field}.action_id", item.ActionId, MAX_ACTION_ID_LENGTH);
            }

            actions.Add(new ActionRequest(item.ActionId, item.Kind ?? "", item.Payload is { } payload ? payload.Clone() : default));
        }

        return validation.IsValid ? new ActionBatch(body.LeaseId!, body.FencingToken!.Value, actions.ToImmutable()) : null;
    }

    public static ImmutableArray<ActionAck>? ParseAcks(AckActionsRequest body, RequestValidation validation)
    {
        List<AckItem?> items;
        if (body.Acks is not null && body.Seq is not null)
        {
            validation.Add("acks", "give either acks or one ack's seq and status, not both.");
            return null;
        }
        else if (body.Acks is { Count: > 0 } list)
        {
            items = list;
        }
        else if (body.Seq is not null || body.Status is not null)
        {
            items = [new AckItem { Seq = body.Seq, Status = body.Status, Error = body.Error }];
        }
        else
        {
            validation.Add("acks", "is required: a list of at least one ack {seq, status, error?}.");
            return null;
        }

        if (items.Count > MAX_ACKS)
        {
            validation.Add("acks", $"holds {items.Count} acks; at most {MAX_ACKS} per request.");
            return null;
        }

        var acks = ImmutableArray.CreateBuilder<ActionAck>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var field = body.Acks is not null ? $"acks[{i}]" : "ack";
            if (items[i] is not { } item)
            {
                validation.Add(field, "must be an object.");
                continue;
            }

            if (item.Seq is not { } seq || seq <= 0)
            {
                validation.Add(body.Acks is not null ? $"{field}.seq" : "seq", "is required: the delivered action's positive sequence number.");
            }

            if (!ActionMapping.TryParseStatus(item.Status, out var status))
            {
                validation.Add(body.Acks is not null ? $"{field}.status" : "status", "must be one of ok, failed, rejected.");
            }

            if (item.Error is { Length: > MAX_ERROR_LENGTH })
            {
                validation.Add(body.Acks is not null ? $"{field}.error" : "error", $"must be at most {MAX_ERROR_LENGTH} characters.");
            }

            acks.Add(new ActionAck(item.Seq ?? 0, status, item.Error));
        }

        return validation.IsValid ? acks.ToImmutable() : null;
    }

    /// <summary>Reads an ack sent as a WebSocket message: the same shape as the ack route's body.</summary>
    public static AckActionsRequest? ReadAckMessage(ReadOnlySpan<byte> utf8)
        => JsonSerializer.Deserialize(utf8, ActionsJsonContext.Default.AckActionsRequest);
}
