using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beach.Actors.Gateway.Agents;

/// <summary>The agents' wire contracts, serialized snake_case without reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(RegisterAgentRequest))]
[JsonSerializable(typeof(AgentResponse))]
[JsonSerializable(typeof(AgentListResponse))]
[JsonSerializable(typeof(AgentTransitionRequest))]
[JsonSerializable(typeof(AgentHeartbeatRequest))]
[JsonSerializable(typeof(AgentHealthResponse))]
[JsonSerializable(typeof(AgentConfigResponse))]
[JsonSerializable(typeof(AgentConfigChangeRequest))]
[JsonSerializable(typeof(AgentConfigRollbackRequest))]
[JsonSerializable(typeof(AgentConfigHistoryResponse))]
[JsonSerializable(typeof(AgentLogsRequest))]
[JsonSerializable(typeof(AgentMetricsRequest))]
[JsonSerializable(typeof(AgentIngestResponse))]
[JsonSerializable(typeof(AgentLogsResponse))]
[JsonSerializable(typeof(AgentMetricsResponse))]
[JsonSerializable(typeof(DiscoveryTokenResponse))]
[JsonSerializable(typeof(DiscoveryReportResponse))]
internal sealed partial class AgentsJsonContext : JsonSerializerContext;
