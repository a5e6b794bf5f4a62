using System.Text.Json;

namespace Beach.Actors.Agents;

/// <summary>
/// A manifest as a caller or a manifest file gave it, before validation: every field may be missing or wrong.
/// <see cref="AgentManifestValidator"/> turns it into an <see cref="AgentManifest"/> or names what to fix. Not sealed: the
/// gateway's registration body is a draft with a discovery token.
/// </summary>
public class AgentManifestDraft
{
    /// <summary>See <see cref="AgentManifest.Name"/>.</summary>
    public string? Name { get; set; }

    /// <summary>See <see cref="AgentManifest.Version"/>.</summary>
    public string? Version { get; set; }

    /// <summary>See <see cref="AgentManifest.Type"/>.</summary>
    public string? Type { get; set; }

    /// <summary>See <see cref="AgentManifest.Description"/>.</summary>
    public string? Description { get; set; }

    /// <summary>See <see cref="AgentManifest.SubscribedTopics"/>.</summary>
    public List<string?>? SubscribedTopics { get; set; }

    /// <summary>See <see cref="AgentManifest.FindingsTopic"/>.</summary>
    public string? FindingsTopic { get; set; }

    /// <summary>See <see cref="AgentManifest.Capabilities"/>.</summary>
    public List<string?>? Capabilities { get; set; }

    /// <summary>See <see cref="AgentConfigSchema"/>.</summary>
    public JsonElement? ConfigSchema { get; set; }

    /// <summary>See <see cref="AgentManifest.RestartPolicy"/>.</summary>
    public RestartPolicyDraft? RestartPolicy { get; set; }
}

/// <summary>A restart policy before validation.</summary>
public sealed class RestartPolicyDraft
{
    /// <summary>See <see cref="AgentRestartPolicy.MaxRestarts"/>.</summary>
    public int? MaxRestarts { get; set; }

    /// <summary>See <see cref="AgentRestartPolicy.InitialBackoff"/>, in milliseconds.</summary>
    public long? InitialBackoffMs { get; set; }

    /// <summary>See <see cref="AgentRestartPolicy.MaxBackoff"/>, in milliseconds.</summary>
    public long? MaxBackoffMs { get; set; }
}
