using System.Text.Json;

namespace Beach.Actors.Agents;

/// <summary>The records of an agent's audit stream <c>agent/{id}</c>: snake_case JSON, like the API.</summary>
internal static class AgentAuditCodec
{
    public const string STREAM_PREFIX = "agent/";

    public const string REGISTERED = "registered";
    public const string UPDATED = "updated";
    public const string DELETED = "deleted";
    public const string TRANSITION = "transition";
    public const string CONFIG_CHANGED = "config_changed";

    public static string StreamOf(string agentId) => STREAM_PREFIX + agentId;

    public static string Transition(AgentStatus from, AgentStatus to, string command, string? reason)
        => JsonText.Object(writer =>
        {
            writer.WriteString("from", AgentLifecycle.Name(from));
            writer.WriteString("to", AgentLifecycle.Name(to));
            writer.WriteString("command", command);
            if (reason is not null)
            {
                writer.WriteString("reason", reason);
            }
        });

    public static string Registered(AgentManifest manifest, AgentStatus status, AgentSource source, string? path)
        => JsonText.Object(writer =>
        {
            writer.WriteString("name", manifest.Name);
            writer.WriteString("version", manifest.Version);
            writer.WriteString("type", manifest.Type);
            writer.WriteString("status", AgentLifecycle.Name(status));
            writer.WriteString("source", source == AgentSource.Api ? "api" : "discovery");
            if (path is not null)
            {
                writer.WriteString("manifest_path", path);
            }
        });

    public static string Config(int version, string change, string? reason)
        => JsonText.Object(writer =>
        {
            writer.WriteNumber("version", version);
            writer.WriteString("change", change);
            if (reason is not null)
            {
                writer.WriteString("reason", reason);
            }
        });

    /// <summary>The state a transition record led to, or null for a record of another kind.</summary>
    public static AgentStatus? TransitionTarget(string kind, string data)
    {
        if (kind != TRANSITION)
        {
            return null;
        }

        using var document = JsonDocument.Parse(data);
        return Enum.TryParse<AgentStatus>(document.RootElement.GetProperty("to").GetString(), ignoreCase: true, out var to) ? to : null;
    }
}
