using System.Text.Json.Serialization;

namespace Beach.Actors.Agents.Discovery;

/// <summary>A manifest read as JSON (from YAML or the env form) into a draft, snake_case like the API, without reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(AgentManifestDraft))]
internal sealed partial class ManifestJson : JsonSerializerContext;
