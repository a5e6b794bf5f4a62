using System.Text.Json;

namespace Beach.Actors.Actions;

/// <summary>
/// An action in a session's queue, as delivered to the harness. It carries the fencing token it was sent under, so
/// the harness can refuse it if it has seen a higher one.
/// </summary>
/// <param name="Seq">The per-session sequence number: actions are applied in this order.</param>
/// <param name="ActionId">The controller's own id, if it gave one.</param>
/// <param name="Kind">What to do.</param>
/// <param name="Payload">The action's arguments.</param>
/// <param name="FencingToken">The fencing token of the lease it was sent under.</param>
/// <param name="ControllerId">The controller that sent it.</param>
/// <param name="QueuedAt">When it was accepted (on disk).</param>
/// <param name="DeliveredAt">When the harness last took it, or null while it waits.</param>
/// <param name="Deliveries">How often it was handed to the harness.</param>
[Immutable]
public sealed record QueuedAction(
    long Seq,
    string? ActionId,
    string Kind,
    JsonElement Payload,
    long FencingToken,
    string ControllerId,
    DateTimeOffset QueuedAt,
    DateTimeOffset? DeliveredAt,
    int Deliveries);
