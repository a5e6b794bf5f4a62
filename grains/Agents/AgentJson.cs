using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beach.Actors.Agents;

/// <summary>The few JSON shapes the agent grain writes itself (configuration layers), without reflection.</summary>
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class AgentJson : JsonSerializerContext;
