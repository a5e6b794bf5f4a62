using System.Collections.Immutable;
using System.Text.Json;

namespace Beach.Actors.Agents;

/// <summary>The layers of an agent's configuration, lowest first: a higher layer's value wins.</summary>
public enum AgentConfigLayer
{
    /// <summary>The platform's defaults and the defaults of the agent's schema.</summary>
    Default,

    /// <summary>Environment variables of the silo (<c>BEACH_AGENT_*</c>) and the silo's <c>Agents:Environment</c> settings.</summary>
    Environment,

    /// <summary>Values stored through <c>PUT /agents/{id}/config</c>: durable and versioned.</summary>
    Stored,

    /// <summary>Runtime overrides through <c>PUT /agents/{id}/config</c> with layer <c>runtime</c>: durable and versioned too, applied on top.</summary>
    Runtime,
}

/// <summary>One effective configuration value and the layer it came from.</summary>
[Immutable]
public sealed record AgentConfigValue(string Key, JsonElement Value, AgentConfigLayer Origin);

/// <summary>An agent's effective configuration at a version.</summary>
[Immutable]
public sealed record AgentConfigView(string AgentId, int Version, ImmutableArray<AgentConfigValue> Values);

/// <summary>A change of the stored or runtime layer.</summary>
/// <param name="Layer">Which layer to replace: <see cref="AgentConfigLayer.Stored"/> or <see cref="AgentConfigLayer.Runtime"/>.</param>
/// <param name="Values">The layer's new values, as a JSON object; they replace the layer whole.</param>
/// <param name="Actor">Who changed it (the caller's <c>sub</c>), or null when anonymous.</param>
/// <param name="Reason">Why, if the caller said.</param>
[Immutable]
public sealed record AgentConfigChange(AgentConfigLayer Layer, JsonElement Values, string? Actor, string? Reason);

/// <summary>One version of an agent's stored and runtime layers, with who made it and when.</summary>
[Immutable]
public sealed record AgentConfigVersion(
    int Version,
    string Change,
    JsonElement Stored,
    JsonElement Runtime,
    string? Actor,
    string? Reason,
    DateTimeOffset At);

/// <summary>A page of an agent's configuration history, newest first, and how many old versions the bound dropped.</summary>
[Immutable]
public sealed record AgentConfigHistory(string AgentId, ImmutableArray<AgentConfigVersion> Versions, int DroppedVersions);
