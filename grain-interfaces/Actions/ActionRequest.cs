using System.Text.Json;

namespace Beach.Actors.Actions;

/// <summary>One action a controller asks the session's harness to apply.</summary>
/// <param name="ActionId">The controller's own id for the action, if it gives one (echoed back on delivery and ack).</param>
/// <param name="Kind">What to do, for example <c>terminal_write</c> or <c>pointer_click</c>; the harness interprets it.</param>
/// <param name="Payload">The action's arguments as a JSON value (or undefined).</param>
[Immutable]
public sealed record ActionRequest(string? ActionId, string Kind, JsonElement Payload);
