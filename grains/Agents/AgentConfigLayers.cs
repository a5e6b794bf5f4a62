using System.Collections;
using System.Text.Json;

namespace Beach.Actors.Agents;

/// <summary>
/// The layers below the stored one: defaults (the platform's and the schema's) and the environment of the silo that
/// hosts the agent (its <c>Agents:Environment</c> settings, then <c>BEACH_AGENT_*</c> variables, which win). The
/// environment is read when a configuration is read, not kept, so a silo restarted with new variables shows them.
/// </summary>
internal static class AgentConfigLayers
{
    public static Dictionary<string, JsonElement> Defaults(AgentConfigSchema schema, AgentOptions options)
    {
        var defaults = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (key, property) in schema.Properties)
        {
            if (property.Default is { } value)
            {
                defaults[key] = value;
            }
        }

        // The silo's own interval is the default unless the agent's schema names another.
        if (!schema.Properties["heartbeat_interval"].Default.Equals(AgentConfigSchema.Platform["heartbeat_interval"].Default)
            || options.HeartbeatInterval == TimeSpan.FromSeconds(AgentOptions.DEFAULT_HEARTBEAT_INTERVAL_SECONDS))
        {
            return defaults;
        }

        defaults["heartbeat_interval"] = JsonSerializer.SerializeToElement((long)options.HeartbeatInterval.TotalSeconds, AgentJson.Default.Int64);
        return defaults;
    }

    /// <summary>The environment layer: values of declared keys that read as their type; others are left out.</summary>
    public static Dictionary<string, JsonElement> Environment(AgentConfigSchema schema, AgentOptions options)
    {
        var layer = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (key, text) in options.Environment)
        {
            if (schema.FromText(key, text) is { } value)
            {
                layer[key] = value;
            }
        }

        foreach (DictionaryEntry variable in System.Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string name && name.StartsWith(options.EnvironmentPrefix, StringComparison.Ordinal) && variable.Value is string text
                && schema.FromText(name[options.EnvironmentPrefix.Length..].ToLowerInvariant(), text) is { } value)
            {
                layer[name[options.EnvironmentPrefix.Length..].ToLowerInvariant()] = value;
            }
        }

        return layer;
    }
}
