using System.Text.Json;
using System.Text.Json.Serialization;
using Beach.Actors.Gateway.Health;
using Beach.Actors.Gateway.Leases;
using Beach.Actors.Gateway.Sessions;

namespace Beach.Actors.Gateway.Json;

/// <summary>The gateway's wire contracts, serialized snake_case without reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(RegisterSessionRequest))]
[JsonSerializable(typeof(SessionHealthRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(LeaseRequest))]
[JsonSerializable(typeof(LeaseResponse))]
[JsonSerializable(typeof(ControllerEventsPage))]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
