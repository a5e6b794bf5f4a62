using System.Collections.Immutable;
using Beach.Actors.Actions;

namespace Beach.Actors.Gateway.Actions;

/// <summary>Turns the pipeline's grain-side records into the API's responses (shared by the HTTP and WebSocket routes).</summary>
internal static class ActionMapping
{
    public static ActionResponse ToResponse(QueuedAction action) => new(
        action.Seq, action.ActionId, action.Kind, action.Payload, action.FencingToken, action.ControllerId, action.QueuedAt, action.DeliveredAt, action.Deliveries);

    public static ActionResponse[] ToResponses(ImmutableArray<QueuedAction> actions)
    {
        var responses = new ActionResponse[actions.Length];
        for (var i = 0; i < responses.Length; i++)
        {
            responses[i] = ToResponse(actions[i]);
        }

        return responses;
    }

    public static AckActionsResponse ToResponse(AckResult result) => new(
        [.. result.Outcomes.Select(outcome => new AckOutcomeResponse(
            outcome.Seq,
            outcome.Outcome switch
            {
                AckOutcomeKind.Acked => "acked",
                AckOutcomeKind.Duplicate => "duplicate",
                _ => "unknown",
            },
            outcome.DeliveryLatency?.TotalMilliseconds,
            outcome.AckLatency?.TotalMilliseconds))],
        result.QueueDepth);

    public static LatencyResponse ToResponse(LatencySummary summary)
        => new(summary.Samples, summary.P50.TotalMilliseconds, summary.P99.TotalMilliseconds, summary.Max.TotalMilliseconds);

    public static bool TryParseStatus(string? status, out ActionAckStatus parsed)
    {
        switch (status)
        {
            case "ok":
                parsed = ActionAckStatus.Ok;
                return true;
            case "failed":
                parsed = ActionAckStatus.Failed;
                return true;
            case "rejected":
                parsed = ActionAckStatus.Rejected;
                return true;
            default:
                parsed = default;
                return false;
        }
    }
}
