using System.Collections.Immutable;
using Beach.Actors.Agents;
using Beach.Actors.Gateway.Agents;
using Beach.Actors.Gateway.Json;
using Beach.Actors.Gateway.Problems;
using Beach.Actors.Gateway.Security;
using Beach.Actors.Gateway.Tenancy;
using Beach.Actors.Onboarding;
using Beach.Actors.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Gateway.Onboarding;

/// <summary>
/// Onboarding an agent onto sessions: <c>POST /agents/{id}/onboard</c> applies a template and issues the agent's first
/// token; <c>…/onboard/refresh</c> issues the next while the assignment stands; <c>GET …/onboarding</c> shows it;
/// <c>DELETE …/onboard</c> ends it. Mapped inside the agent routes' group, so a malformed id is a 400 first.
/// </summary>
internal static class AgentOnboardingEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/agents/{id}/onboard", OnboardAsync)
            .WithName("OnboardAgent")
            .WithSummary("Applies a template to the agent on sessions: checks harness types and entitlements, takes the sessions' controller leases, issues a token of at most 5 minutes with only the template's scopes.")
            .Accepts<OnboardRequest>("application/json")
            .Produces<OnboardingResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        routes.MapPost("/agents/{id}/onboard/refresh", RefreshAsync)
            .WithName("RefreshAgentToken")
            .WithSummary("Issues the agent a new token and renews its leases while its assignment stands (the agent may call it with its own token).")
            .Produces<OnboardingResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        routes.MapGet("/agents/{id}/onboarding", GetAsync)
            .WithName("GetAgentOnboarding")
            .WithSummary("The agent's assignment: template, sessions and leases, scopes, token expiry (never the token).")
            .Produces<OnboardingResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapDelete("/agents/{id}/onboard", OffboardAsync)
            .WithName("OffboardAgent")
            .WithSummary("Ends the agent's assignment: its leases are released and its tokens refused from now on.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> OnboardAsync(string id, HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync(context, OnboardingJsonContext.Default.OnboardRequest);
        if (problem is not null)
        {
            return problem;
        }

        var limits = context.RequestServices.GetRequiredService<IOptions<OnboardingOptions>>().Value;
        var validation = new RequestValidation();
        if (!TemplateParser.IsName(body!.TemplateId, TemplateParser.MAX_ID_LENGTH))
        {
            validation.Add("template_id", "is required: the id of a template from GET /onboarding/templates.");
        }

        if (body.TemplateVersion is < 1)
        {
            validation.Add("template_version", "must be 1 or more; leave it out for the newest version.");
        }

        var sessions = body.SessionIds;
        if (sessions is null || sessions.Count == 0 || sessions.Count > limits.MaxSessionsPerAssignment)
        {
            validation.Add("session_ids", $"is required: 1–{limits.MaxSessionsPerAssignment} ids of registered sessions for the agent to control.");
        }
        else
        {
            for (var i = 0; i < sessions.Count; i++)
            {
                if (!SessionKey.IsValidSessionId(sessions[i]))
                {
                    validation.Add($"session_ids[{i}]", "must be a session id: letters, digits, '.', '_', ':' or '-'.");
                }
                else if (sessions.IndexOf(sessions[i]) != i)
                {
                    validation.Add($"session_ids[{i}]", $"'{sessions[i]}' is listed twice.");
                }
            }
        }

        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        if (!AgentTokenMinter.CanMint(context))
        {
            return AgentTokenMinter.Unavailable();
        }

        var tenant = Tenant(context);
        var assignmentId = Guid.NewGuid().ToString("N");
        var assignment = await Assignment(context, tenant, assignmentId).OnboardAsync(
            new OnboardCommand(id, body.TemplateId!, body.TemplateVersion, [.. sessions!.Select(s => s!)], AgentRequests.Actor(context)));
        return JsonResponse.Created(
            $"/agents/{id}/onboarding", OnboardingMapping.ToResponse(assignment, AgentTokenMinter.Mint(context, tenant, assignment)), OnboardingJsonContext.Default.OnboardingResponse);
    }

    private static async Task<IResult> RefreshAsync(string id, HttpContext context)
    {
        if (!AgentTokenMinter.CanMint(context))
        {
            return AgentTokenMinter.Unavailable();
        }

        var tenant = Tenant(context);
        var grain = await FindAsync(context, tenant, id);
        var assignment = await grain.RefreshAsync(AgentRequests.Actor(context));
        return JsonResponse.Ok(OnboardingMapping.ToResponse(assignment, AgentTokenMinter.Mint(context, tenant, assignment)), OnboardingJsonContext.Default.OnboardingResponse);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context)
    {
        var grain = await FindAsync(context, Tenant(context), id);
        var assignment = await grain.GetAsync() ?? throw new AssignmentNotFoundException(id);
        return JsonResponse.Ok(OnboardingMapping.ToResponse(assignment, null), OnboardingJsonContext.Default.OnboardingResponse);
    }

    private static async Task<IResult> OffboardAsync(string id, HttpContext context)
    {
        var grain = await FindAsync(context, Tenant(context), id);
        return await grain.EndAsync(AgentRequests.Actor(context), $"offboarded by {AgentRequests.Actor(context) ?? "an operator"}")
            ? Results.NoContent()
            : throw new AssignmentNotFoundException(id);
    }

    /// <summary>
    /// The assignment a request means: the caller's own (an onboarded token's <c>asg</c>), the one named by
    /// <c>?assignment_id=</c>, or the one that stands for the agent. Throws <see cref="AssignmentNotFoundException"/>.
    /// </summary>
    private static async Task<IAgentAssignmentGrain> FindAsync(HttpContext context, string tenant, string agentId)
    {
        var named = context.Features.Get<CallerIdentity>()?.AssignmentId
                    ?? (context.Request.Query["assignment_id"].ToString() is { Length: 32 } query && query.All(char.IsAsciiHexDigitLower) ? query : null);
        if (named is not null)
        {
            var grain = Assignment(context, tenant, named);
            return await grain.GetAsync() is { } found && found.AgentId == agentId ? grain : throw new AssignmentNotFoundException(agentId);
        }

        var standing = await context.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<ITenantGrain>(tenant).GetAssignmentOfAsync(agentId)
                       ?? throw new AssignmentNotFoundException(agentId);
        return Assignment(context, tenant, standing);
    }

    private static string Tenant(HttpContext context) => context.RequestServices.GetRequiredService<TenantResolver>().Resolve(context);

    private static IAgentAssignmentGrain Assignment(HttpContext context, string tenant, string assignmentId)
        => context.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IAgentAssignmentGrain>($"{tenant}/{assignmentId}");
}
