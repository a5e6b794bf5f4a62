using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beach.Actors.Gateway.Actions;

/// <summary>The action pipeline's wire contracts, serialized snake_case without reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(EnqueueActionsRequest))]
[JsonSerializable(typeof(EnqueueActionsResponse))]
[JsonSerializable(typeof(ActionsDelivery))]
[JsonSerializable(typeof(PendingActionsResponse))]
[JsonSerializable(typeof(AckActionsRequest))]
[JsonSerializable(typeof(AckActionsResponse))]
[JsonSerializable(typeof(ActionStatsResponse))]
[JsonSerializable(typeof(EmergencyStopRequest))]
[JsonSerializable(typeof(EmergencyStopResponse))]
[JsonSerializable(typeof(ActionSocketMessage))]
internal sealed partial class ActionsJsonContext : JsonSerializerContext;
