namespace Beach.Actors.Gateway.Actions;

/// <summary>
/// What the actions WebSocket sends: <c>{"type":"actions","actions":[…]}</c> for a delivery, and
/// <c>{"type":"ack_result","outcomes":[…]}</c> or <c>{"type":"error","error":…}</c> in answer to an ack message. An
/// error the control plane raised while applying the ack also names its problem type and the HTTP status the ack
/// route would have answered (503 with <c>retry_after_seconds</c> for an overload): the socket stays open.
/// </summary>
public sealed record ActionSocketMessage(
    string Type,
    IReadOnlyList<ActionResponse>? Actions = null,
    IReadOnlyList<AckOutcomeResponse>? Outcomes = null,
    string? Error = null,
    string? ProblemType = null,
    int? Status = null,
    int? RetryAfterSeconds = null);
