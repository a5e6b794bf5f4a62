using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beach.Actors.Gateway.Onboarding;

/// <summary>Onboarding's, the tenant's and the roles' wire contracts, serialized snake_case without reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(TemplateRequest))]
[JsonSerializable(typeof(TemplateResponse))]
[JsonSerializable(typeof(TemplateListResponse))]
[JsonSerializable(typeof(OnboardRequest))]
[JsonSerializable(typeof(OnboardingResponse))]
[JsonSerializable(typeof(EntitlementsRequest))]
[JsonSerializable(typeof(EntitlementsResponse))]
[JsonSerializable(typeof(RoleRequest))]
[JsonSerializable(typeof(RoleResponse))]
[JsonSerializable(typeof(RoleListResponse))]
internal sealed partial class OnboardingJsonContext : JsonSerializerContext;
