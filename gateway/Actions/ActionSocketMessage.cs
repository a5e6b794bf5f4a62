namespace Beach.Actors.Gateway.Actions;

/// <summary>
/// What the actions WebSocket sends: <c>{"type":"actions","actions":[…]}</c> for a delivery, and
/// <c>{"type":"ack_result","outcomes":[…]}</c> or <c>{"type":"error","error":…}</c> in answer to an ack message.
/// </summary>
public sealed record ActionSocketMessage(
    string Type,
    IReadOnlyList<ActionResponse>? Actions = null,
    IReadOnlyList<AckOutcomeResponse>? Outcomes = null,
    string? Error = null);
