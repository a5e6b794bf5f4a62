using System.Collections.Immutable;

namespace Beach.Actors.Agents;

/// <summary>What an agent declares about itself: through <c>POST /agents</c> or an <c>agent.yaml</c> / <c>.env.discovery</c> manifest.</summary>
/// <param name="Name">The agent's name, for example <c>SecurityAgent</c>; with <paramref name="Version"/> unique in a tenant.</param>
/// <param name="Version">A semantic version, <c>MAJOR.MINOR.PATCH</c> with optional pre-release and build parts.</param>
/// <param name="Type">The agent type; the first part of the agent id.</param>
/// <param name="Description">What the agent does.</param>
/// <param name="SubscribedTopics">The topics the agent consumes, for example <c>logs.security</c>.</param>
/// <param name="FindingsTopic">The topic the agent publishes findings to, if any.</param>
/// <param name="Capabilities">What the agent can do, for example <c>beach_state</c>.</param>
/// <param name="ConfigSchema">The agent's configuration schema as JSON (see <see cref="AgentConfigSchema"/>), or null for none.</param>
/// <param name="RestartPolicy">How the agent is restarted after a failure, or null for the silo's default.</param>
[Immutable]
public sealed record AgentManifest(
    string Name,
    string Version,
    string Type,
    string? Description,
    ImmutableArray<string> SubscribedTopics,
    string? FindingsTopic,
    ImmutableArray<string> Capabilities,
    string? ConfigSchema = null,
    AgentRestartPolicy? RestartPolicy = null);

/// <summary>How a failed agent is brought back: after <see cref="InitialBackoff"/>, doubling up to <see cref="MaxBackoff"/>, at most <see cref="MaxRestarts"/> times in a row.</summary>
/// <param name="MaxRestarts">Restarts allowed before the agent stays Failed; 0 turns automatic restart off.</param>
/// <param name="InitialBackoff">The wait before the first restart.</param>
/// <param name="MaxBackoff">The longest wait between restarts.</param>
[Immutable]
public sealed record AgentRestartPolicy(int MaxRestarts, TimeSpan InitialBackoff, TimeSpan MaxBackoff)
{
    /// <summary>The wait before restart number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan BackoffFor(int attempt)
    {
        var ticks = InitialBackoff.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return ticks >= MaxBackoff.Ticks ? MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }
}

/// <summary>Where a registration came from.</summary>
public enum AgentSource
{
    /// <summary><c>POST /agents</c>.</summary>
    Api,

    /// <summary>A manifest in the silo's discovery folder.</summary>
    Discovery,
}
