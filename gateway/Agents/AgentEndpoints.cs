using Beach.Actors.Agents;
using Beach.Actors.Gateway.Json;
using Beach.Actors.Gateway.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Beach.Actors.Gateway.Agents;

/// <summary>Agent registration, listing, reads, updates and deletion (seed 003, "Agent Management").</summary>
internal static class AgentEndpoints
{
    /// <summary>Agents in a page of <c>GET /agents</c> unless <c>limit</c> says otherwise.</summary>
    public const int DEFAULT_PAGE_SIZE = 100;

    /// <summary>The largest page.</summary>
    public const int MAX_PAGE_SIZE = 1_000;

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/agents", (Func<HttpContext, Task<IResult>>)RegisterAsync)
            .WithName("RegisterAgent")
            .WithSummary("Registers an agent; answers its id, {type}-{uuid}.")
            .Accepts<RegisterAgentRequest>("application/json")
            .Produces<AgentResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        routes.MapGet("/agents", (Func<HttpContext, Task<IResult>>)ListAsync)
            .WithName("ListAgents")
            .WithSummary("Lists the tenant's agents in id order; filters type, status, name_prefix; paging by cursor and limit.")
            .Produces<AgentListResponse>()
            .ProducesValidationProblem();

        routes.MapGet("/agents/{id}", GetAsync)
            .WithName("GetAgent")
            .WithSummary("Reads an agent.")
            .Produces<AgentResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapPut("/agents/{id}", UpdateAsync)
            .WithName("UpdateAgent")
            .WithSummary("Replaces an agent's manifest; its type cannot change.")
            .Accepts<RegisterAgentRequest>("application/json")
            .Produces<AgentResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        routes.MapDelete("/agents/{id}", DeleteAsync)
            .WithName("DeleteAgent")
            .WithSummary("Deletes an agent; its audit stream keeps its history.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapPost("/agents/discovery-tokens", (Func<HttpContext, Task<IResult>>)MintTokenAsync)
            .WithName("MintDiscoveryToken")
            .WithSummary("Mints a one-time discovery token (an admin route; roles arrive with the security work).")
            .Produces<DiscoveryTokenResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        routes.MapGet("/agents/discovery/report", (Func<HttpContext, Task<IResult>>)ReportAsync)
            .WithName("GetDiscoveryReport")
            .WithSummary("The latest scan of the silo's manifest folder: registered, unchanged and rejected manifests.")
            .Produces<DiscoveryReportResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapPost("/agents/discovery/scan", (Func<HttpContext, Task<IResult>>)ScanAsync)
            .WithName("ScanDiscoveryFolder")
            .WithSummary("Scans the manifest folder now, where this process runs discovery (the embedded silo).")
            .Produces<DiscoveryReportResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> RegisterAsync(HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync(context, AgentsJsonContext.Default.RegisterAgentRequest);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var manifest = AgentManifestValidator.Validate(body!, errors);
        if (body!.DiscoveryToken is { Length: > 256 })
        {
            errors["discovery_token"] = "must be at most 256 characters.";
        }

        if (manifest is null || errors.Count > 0)
        {
            return Invalid(errors);
        }

        var agentId = AgentKey.NewId(manifest.Type);
        var agent = await AgentRequests.Agent(context, agentId).RegisterAsync(manifest, AgentSource.Api, null, body.DiscoveryToken, AgentRequests.Actor(context));
        return JsonResponse.Created($"/agents/{agentId}", AgentMapping.ToResponse(agent, AgentRequests.Options(context).RestartPolicy), AgentsJsonContext.Default.AgentResponse);
    }

    private static async Task<IResult> ListAsync(HttpContext context)
    {
        var validation = new RequestValidation();
        var query = context.Request.Query;
        var type = query["type"].ToString() is { Length: > 0 } t ? t : null;
        if (type is not null && !AgentKey.IsValidType(type))
        {
            validation.Add("type", $"must be 1–{AgentKey.MAX_TYPE_LENGTH} lower-case letters, digits, '_' or '-'.");
        }

        AgentStatus? status = null;
        if (query["status"].ToString() is { Length: > 0 } s)
        {
            if (Enum.TryParse<AgentStatus>(s, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(s[0]))
            {
                status = parsed;
            }
            else
            {
                validation.Add("status", $"must be one of {string.Join(", ", Enum.GetValues<AgentStatus>().Select(AgentLifecycle.Name))}.");
            }
        }

        var namePrefix = query["name_prefix"].ToString() is { Length: > 0 } n ? n : null;
        var cursor = query["cursor"].ToString() is { Length: > 0 } c ? c : null;
        if (cursor is not null && !AgentKey.IsValidAgentId(cursor))
        {
            validation.Add("cursor", "must be the next_cursor of the page before.");
        }

        var limit = (int)Query.Long(context, "limit", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, validation);
        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var page = await AgentRequests.Registry(context).ListAsync(new AgentQuery(type, status, namePrefix, cursor, limit));
        return JsonResponse.Ok(AgentMapping.ToResponse(page), AgentsJsonContext.Default.AgentListResponse);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context)
    {
        var agent = await AgentRequests.Agent(context, id).GetAsync() ?? throw new AgentNotFoundException(id);
        return JsonResponse.Ok(AgentMapping.ToResponse(agent, AgentRequests.Options(context).RestartPolicy), AgentsJsonContext.Default.AgentResponse);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync(context, AgentsJsonContext.Default.RegisterAgentRequest);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var manifest = AgentManifestValidator.Validate(body!, errors);
        if (manifest is not null && manifest.Type != AgentKey.TypeOf(id))
        {
            errors["type"] = $"cannot change: agent '{id}' is of type '{AgentKey.TypeOf(id)}'. Register a new agent for another type.";
        }

        if (body!.DiscoveryToken is not null)
        {
            errors["discovery_token"] = "is only for registration; leave it out of an update.";
        }

        if (manifest is null || errors.Count > 0)
        {
            return Invalid(errors);
        }

        var agent = await AgentRequests.Agent(context, id).UpdateAsync(manifest, AgentRequests.Actor(context));
        return JsonResponse.Ok(AgentMapping.ToResponse(agent, AgentRequests.Options(context).RestartPolicy), AgentsJsonContext.Default.AgentResponse);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context)
    {
        await AgentRequests.Agent(context, id).DeleteAsync(AgentRequests.Actor(context));
        return Results.NoContent();
    }

    private static async Task<IResult> MintTokenAsync(HttpContext context)
    {
        var grant = await AgentRequests.Registry(context).MintDiscoveryTokenAsync(AgentRequests.Actor(context));
        return JsonResponse.Status(StatusCodes.Status201Created, new DiscoveryTokenResponse(grant.Token, grant.ExpiresAt), AgentsJsonContext.Default.DiscoveryTokenResponse);
    }

    private static async Task<IResult> ReportAsync(HttpContext context)
    {
        var report = await AgentRequests.Registry(context).GetDiscoveryReportAsync();
        return report is null
            ? NoDiscovery("No discovery scan has run for this tenant: set Agents:Discovery:Folder on the silo to scan a folder of manifests.")
            : JsonResponse.Ok(AgentMapping.ToResponse(report), AgentsJsonContext.Default.DiscoveryReportResponse);
    }

    private static async Task<IResult> ScanAsync(HttpContext context)
    {
        if (context.RequestServices.GetService(typeof(IAgentDiscovery)) is not IAgentDiscovery discovery)
        {
            return NoDiscovery("This process runs no discovery: set Agents:Discovery:Folder on the embedded silo, or wait for the silo's own rescan.");
        }

        var report = await discovery.ScanAsync(context.RequestAborted);
        return JsonResponse.Ok(AgentMapping.ToResponse(report), AgentsJsonContext.Default.DiscoveryReportResponse);
    }

    private static IResult NoDiscovery(string detail)
        => Problems.Problems.Of(StatusCodes.Status404NotFound, ProblemTypes.DiscoveryNotConfigured, "Discovery is not configured.", detail);

    private static IResult Invalid(Dictionary<string, string> errors)
        => Problems.Problems.Validation(errors.ToDictionary(e => e.Key, e => new[] { e.Value }, StringComparer.Ordinal));
}
