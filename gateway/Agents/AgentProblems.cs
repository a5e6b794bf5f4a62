using System.Diagnostics.CodeAnalysis;
using Beach.Actors.Agents;
using Beach.Actors.Gateway.Problems;
using Microsoft.AspNetCore.Http;

namespace Beach.Actors.Gateway.Agents;

/// <summary>The agents' errors a caller can act on, each as its status and problem document (called from <see cref="ExceptionProblems"/>).</summary>
internal static class AgentProblems
{
    public static bool TryFrom(Exception exception, [NotNullWhen(true)] out IResult? problem)
    {
        problem = exception switch
        {
            AgentNotFoundException notFound => Problems.Problems.Of(
                StatusCodes.Status404NotFound, ProblemTypes.AgentNotFound, "Agent not found.",
                $"No agent '{notFound.AgentId}' is registered. Register it with POST /agents, or list them with GET /agents."),
            AgentDuplicateException duplicate => Problems.Problems.Of(
                StatusCodes.Status409Conflict, ProblemTypes.AgentDuplicate, "Agent name and version taken.",
                $"{duplicate.Message} Choose another version, or update that agent with PUT /agents/{duplicate.ExistingAgentId}.",
                new Dictionary<string, object?>
                {
                    ["agent_id"] = duplicate.ExistingAgentId,
                    ["errors"] = new Dictionary<string, string[]>
                    {
                        ["name"] = [$"'{duplicate.Name}' is registered at version {duplicate.Version} already."],
                        ["version"] = [$"{duplicate.Version} is taken for '{duplicate.Name}'."],
                    },
                }),
            AgentTransitionException transition => Problems.Problems.Of(
                StatusCodes.Status409Conflict, ProblemTypes.AgentTransition, "Not allowed in the agent's state.",
                transition.Allowed.IsDefaultOrEmpty
                    ? $"{transition.Message} Nothing is allowed from {AgentLifecycle.Name(transition.Status)}."
                    : $"{transition.Message} Allowed: {string.Join(", ", transition.Allowed.Select(AgentLifecycle.Name))}.",
                new Dictionary<string, object?>
                {
                    ["status"] = AgentLifecycle.Name(transition.Status),
                    ["command"] = transition.Command,
                    ["allowed_commands"] = transition.Allowed.IsDefault ? Array.Empty<string>() : transition.Allowed.Select(AgentLifecycle.Name).ToArray(),
                }),
            AgentConfigInvalidException invalid => Problems.Problems.Validation(invalid.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }, StringComparer.Ordinal)),
            AgentConfigVersionNotFoundException version => Problems.Problems.Of(
                StatusCodes.Status404NotFound, ProblemTypes.AgentConfigVersionNotFound, "Configuration version not kept.",
                $"{version.Message} Pick one from GET /agents/{version.AgentId}/config/history.",
                new Dictionary<string, object?> { ["oldest"] = version.Oldest, ["newest"] = version.Newest }),
            DiscoveryTokenRequiredException token => Problems.Problems.Of(
                StatusCodes.Status403Forbidden, ProblemTypes.DiscoveryTokenRequired, "Discovery token required.", token.Message,
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["discovery_token"] = [token.Reason + "."] } }),
            AgentRegistryFullException full => Problems.Problems.Of(
                StatusCodes.Status409Conflict, ProblemTypes.AgentRegistryFull, "The tenant's agent registry is full.", full.Message,
                new Dictionary<string, object?> { ["capacity"] = full.Capacity }),
            _ => null,
        };
        return problem is not null;
    }
}
