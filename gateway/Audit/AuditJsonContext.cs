using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beach.Actors.Gateway.Audit;

/// <summary>The audit routes' wire contracts, serialized snake_case without reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(AuditPage))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
