using System.Collections.Immutable;

namespace Beach.Actors.Agents;

/// <summary>No agent with this id is registered (for this tenant).</summary>
public sealed class AgentNotFoundException(string agentId) : Exception($"No agent '{agentId}' is registered.")
{
    /// <summary>The agent id that was asked for.</summary>
    public string AgentId { get; } = agentId;
}

/// <summary>An agent of this name and version is registered already.</summary>
public sealed class AgentDuplicateException(string name, string version, string existingAgentId)
    : Exception($"An agent named '{name}' at version {version} is registered already as '{existingAgentId}'.")
{
    /// <summary>The name.</summary>
    public string Name { get; } = name;

    /// <summary>The version.</summary>
    public string Version { get; } = version;

    /// <summary>The agent that holds that name and version.</summary>
    public string ExistingAgentId { get; } = existingAgentId;
}

/// <summary>The command is not allowed from the agent's current state.</summary>
public sealed class AgentTransitionException(string agentId, AgentStatus status, string command, ImmutableArray<AgentCommand> allowed)
    : Exception($"Agent '{agentId}' is {AgentLifecycle.Name(status)}; '{command}' is not allowed from there.")
{
    /// <summary>The agent.</summary>
    public string AgentId { get; } = agentId;

    /// <summary>Its current state.</summary>
    public AgentStatus Status { get; } = status;

    /// <summary>What was asked.</summary>
    public string Command { get; } = command;

    /// <summary>The commands allowed from <see cref="Status"/>.</summary>
    public ImmutableArray<AgentCommand> Allowed { get; } = allowed;
}

/// <summary>A configuration change does not fit the agent's schema; nothing was applied.</summary>
public sealed class AgentConfigInvalidException(ImmutableDictionary<string, string> errors)
    : Exception($"The configuration does not fit the agent's schema: {string.Join(" ", errors.Select(e => $"{e.Key}: {e.Value}"))}")
{
    /// <summary>Each offending key (as <c>values.{key}</c>) and what is wrong with it.</summary>
    public ImmutableDictionary<string, string> Errors { get; } = errors;
}

/// <summary>The configuration version asked for is not in the agent's bounded history.</summary>
public sealed class AgentConfigVersionNotFoundException(string agentId, int version, int oldest, int newest)
    : Exception($"Agent '{agentId}' keeps configuration versions {oldest} to {newest}; version {version} is not among them.")
{
    /// <summary>The agent.</summary>
    public string AgentId { get; } = agentId;

    /// <summary>The version asked for.</summary>
    public int Version { get; } = version;

    /// <summary>The oldest version kept.</summary>
    public int Oldest { get; } = oldest;

    /// <summary>The newest version.</summary>
    public int Newest { get; } = newest;
}

/// <summary>Registration needs a discovery token by policy, and none or an unusable one was given.</summary>
public sealed class DiscoveryTokenRequiredException(string reason)
    : Exception($"This control plane requires a one-time discovery token to register an agent: {reason}.")
{
    /// <summary>What was wrong with the token.</summary>
    public string Reason { get; } = reason;
}

/// <summary>The tenant's agent registry is at its bound.</summary>
public sealed class AgentRegistryFullException(int capacity)
    : Exception($"The tenant has {capacity} agents, the most a registry holds; retire and delete agents before registering more.")
{
    /// <summary>The bound.</summary>
    public int Capacity { get; } = capacity;
}
