using System.Collections.Immutable;

namespace Beach.Actors.Onboarding;

/// <summary>No template (or not that version of it) is kept for the tenant.</summary>
public sealed class TemplateNotFoundException(string templateId, int? version)
    : Exception(version is null ? $"No onboarding template '{templateId}' exists." : $"Onboarding template '{templateId}' has no version {version} kept.")
{
    /// <summary>The template asked for.</summary>
    public string TemplateId { get; } = templateId;

    /// <summary>The version asked for, if any.</summary>
    public int? Version { get; } = version;
}

/// <summary>The tenant's template catalog is at its bound.</summary>
public sealed class TemplateCatalogFullException(int capacity)
    : Exception($"The tenant keeps {capacity} onboarding templates, the most allowed; delete one before creating another.")
{
    /// <summary>The bound.</summary>
    public int Capacity { get; } = capacity;
}

/// <summary>The tenant's templates hold as much text as allowed; the new version would pass it.</summary>
public sealed class TemplateCatalogTooLargeException(long limit, long held, long adding)
    : Exception($"The tenant's templates hold {held} of at most {limit} characters of text and this version adds {adding}; delete templates before adding more.")
{
    /// <summary>The bound, in characters.</summary>
    public long Limit { get; } = limit;

    /// <summary>What the kept versions hold.</summary>
    public long Held { get; } = held;

    /// <summary>What the refused version would add.</summary>
    public long Adding { get; } = adding;
}

/// <summary>The tenant's custom roles are at their bound.</summary>
public sealed class RoleCatalogFullException(int capacity)
    : Exception($"The tenant has {capacity} custom roles, the most allowed; delete one before defining another.")
{
    /// <summary>The bound.</summary>
    public int Capacity { get; } = capacity;
}

/// <summary>Target sessions whose harness type the template does not drive; nothing was held.</summary>
public sealed class HarnessTypeMismatchException(string templateId, ImmutableArray<string> harnessTypes, ImmutableDictionary<string, string> errors)
    : Exception($"Template '{templateId}' drives harness types {string.Join(", ", harnessTypes)}; {string.Join(" ", errors.Values)}")
{
    /// <summary>The template.</summary>
    public string TemplateId { get; } = templateId;

    /// <summary>What it drives.</summary>
    public ImmutableArray<string> HarnessTypes { get; } = harnessTypes;

    /// <summary>Each offending <c>session_ids[i]</c> and why.</summary>
    public ImmutableDictionary<string, string> Errors { get; } = errors;
}

/// <summary>The tenant's entitlements do not allow the onboarding; nothing was held.</summary>
public sealed class NotEntitledException(string entitlement, string reason) : Exception($"Not entitled: {reason}")
{
    /// <summary>Which entitlement refused it: <c>allowed_harness_types</c> or <c>max_onboarded_agents</c>.</summary>
    public string Entitlement { get; } = entitlement;

    /// <summary>Why, in words.</summary>
    public string Reason { get; } = reason;
}

/// <summary>The agent is onboarded already; offboard it first.</summary>
public sealed class AgentAlreadyOnboardedException(string agentId, string assignmentId)
    : Exception($"Agent '{agentId}' is onboarded already (assignment '{assignmentId}').")
{
    /// <summary>The agent.</summary>
    public string AgentId { get; } = agentId;

    /// <summary>The assignment that stands.</summary>
    public string AssignmentId { get; } = assignmentId;
}

/// <summary>The agent's state does not allow onboarding (it is retired, or only discovered).</summary>
public sealed class AgentNotOnboardableException(string agentId, string status)
    : Exception($"Agent '{agentId}' is {status}; only a registered, running, stopped or failed agent can be onboarded.")
{
    /// <summary>The agent.</summary>
    public string AgentId { get; } = agentId;

    /// <summary>Its state.</summary>
    public string Status { get; } = status;
}

/// <summary>The assignment no longer stands: no new token, and its tokens are refused.</summary>
public sealed class AssignmentEndedException(string assignmentId, string status, string reason)
    : Exception($"Assignment '{assignmentId}' is {status}: {reason}")
{
    /// <summary>The assignment.</summary>
    public string AssignmentId { get; } = assignmentId;

    /// <summary><c>revoked</c> or <c>ended</c>.</summary>
    public string Status { get; } = status;

    /// <summary>Why it ended.</summary>
    public string Reason { get; } = reason;
}

/// <summary>No assignment stands for the agent (or none of the id named).</summary>
public sealed class AssignmentNotFoundException(string agentId)
    : Exception($"Agent '{agentId}' is not onboarded: no assignment stands for it.")
{
    /// <summary>The agent.</summary>
    public string AgentId { get; } = agentId;
}
