using System.Diagnostics.CodeAnalysis;
using Beach.Actors.Gateway.Problems;
using Beach.Actors.Onboarding;
using Microsoft.AspNetCore.Http;

namespace Beach.Actors.Gateway.Onboarding;

/// <summary>Onboarding's, the tenant's and the roles' errors, each as its status and problem (called from <see cref="ExceptionProblems"/>).</summary>
internal static class OnboardingProblems
{
    public static bool TryFrom(Exception exception, [NotNullWhen(true)] out IResult? problem)
    {
        problem = exception switch
        {
            TemplateNotFoundException notFound => Problems.Problems.Of(
                StatusCodes.Status404NotFound, ProblemTypes.TemplateNotFound, "Template not found.",
                $"{notFound.Message} List them with GET /onboarding/templates, or create it with POST /onboarding/templates.",
                new Dictionary<string, object?> { ["template_id"] = notFound.TemplateId }),
            TemplateCatalogFullException full => Problems.Problems.Of(
                StatusCodes.Status409Conflict, ProblemTypes.TemplateCatalogFull, "Template catalog full.", full.Message,
                new Dictionary<string, object?> { ["capacity"] = full.Capacity }),
            TemplateCatalogTooLargeException large => Problems.Problems.Of(
                StatusCodes.Status409Conflict, ProblemTypes.TemplateCatalogFull, "Template catalog full.", large.Message,
                new Dictionary<string, object?> { ["limit_characters"] = large.Limit, ["held_characters"] = large.Held }),
            RoleCatalogFullException full => Problems.Problems.Of(
                StatusCodes.Status409Conflict, ProblemTypes.RoleCatalogFull, "Too many custom roles.", full.Message,
                new Dictionary<string, object?> { ["capacity"] = full.Capacity }),
            RoleNotFoundException role => Problems.Problems.Of(
                StatusCodes.Status404NotFound, ProblemTypes.RoleNotFound, "Role not found.", $"{role.Message} Define it with PUT /roles/{role.Name}, or list them with GET /roles."),
            HarnessTypeMismatchException mismatch => Problems.Problems.Of(
                StatusCodes.Status422UnprocessableEntity, ProblemTypes.HarnessTypeMismatch, "Harness type not driven by the template.",
                $"{mismatch.Message} Choose sessions of those harness types, or a template that drives theirs. Nothing was onboarded.",
                new Dictionary<string, object?>
                {
                    ["harness_types"] = mismatch.HarnessTypes.ToArray(),
                    ["errors"] = mismatch.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }, StringComparer.Ordinal),
                }),
            NotEntitledException notEntitled => Problems.Problems.Of(
                StatusCodes.Status403Forbidden, ProblemTypes.NotEntitled, "Not entitled.", $"{notEntitled.Message} Nothing was onboarded.",
                new Dictionary<string, object?> { ["entitlement"] = notEntitled.Entitlement }),
            AgentAlreadyOnboardedException onboarded => Problems.Problems.Of(
                StatusCodes.Status409Conflict, ProblemTypes.AgentAlreadyOnboarded, "Agent already onboarded.",
                $"{onboarded.Message} Offboard it first with DELETE /agents/{onboarded.AgentId}/onboard.",
                new Dictionary<string, object?> { ["assignment_id"] = onboarded.AssignmentId }),
            AgentNotOnboardableException state => Problems.Problems.Of(
                StatusCodes.Status409Conflict, ProblemTypes.AgentNotOnboardable, "Agent cannot be onboarded.", state.Message,
                new Dictionary<string, object?> { ["status"] = state.Status }),
            AssignmentEndedException ended => Problems.Problems.Of(
                StatusCodes.Status409Conflict, ProblemTypes.AssignmentEnded, "The assignment no longer stands.",
                $"{ended.Message} No token is issued for it; onboard the agent again.",
                new Dictionary<string, object?> { ["assignment_id"] = ended.AssignmentId, ["status"] = ended.Status }),
            AssignmentNotFoundException notOnboarded => Problems.Problems.Of(
                StatusCodes.Status404NotFound, ProblemTypes.AgentNotOnboarded, "Agent not onboarded.",
                $"{notOnboarded.Message} Onboard it with POST /agents/{notOnboarded.AgentId}/onboard."),
            _ => null,
        };
        return problem is not null;
    }
}
