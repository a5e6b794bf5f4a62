using System.Text.Json;
using Beach.Actors.Agents;
using Beach.Actors.Gateway.Json;
using Beach.Actors.Gateway.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Beach.Actors.Gateway.Agents;

/// <summary>Layered configuration: read with origins, change one layer, history and rollback (seed 003, "Configuration").</summary>
internal static class AgentConfigEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/agents/{id}/config", GetAsync)
            .WithName("GetAgentConfig")
            .WithSummary("The effective configuration; each value names its layer: default, environment, stored or runtime.")
            .Produces<AgentConfigResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapPut("/agents/{id}/config", ChangeAsync)
            .WithName("ChangeAgentConfig")
            .WithSummary("Replaces the stored (default) or runtime layer with values that fit the agent's schema; a new version.")
            .Accepts<AgentConfigChangeRequest>("application/json")
            .Produces<AgentConfigResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        routes.MapGet("/agents/{id}/config/history", HistoryAsync)
            .WithName("GetAgentConfigHistory")
            .WithSummary("The configuration versions kept, newest first, with who changed what and when.")
            .Produces<AgentConfigHistoryResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapPost("/agents/{id}/config/rollback", RollbackAsync)
            .WithName("RollbackAgentConfig")
            .WithSummary("Makes a new version equal to an earlier one.")
            .Accepts<AgentConfigRollbackRequest>("application/json")
            .Produces<AgentConfigResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context)
    {
        var view = await AgentRequests.Agent(context, id).GetConfigAsync();
        return JsonResponse.Ok(AgentMapping.ToResponse(view), AgentsJsonContext.Default.AgentConfigResponse);
    }

    private static async Task<IResult> ChangeAsync(string id, HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync(context, AgentsJsonContext.Default.AgentConfigChangeRequest);
        if (problem is not null)
        {
            return problem;
        }

        var validation = new RequestValidation();
        if (body!.Values is not { ValueKind: JsonValueKind.Object } values)
        {
            validation.Add("values", "is required: a JSON object of key: value that replaces the layer.");
            values = default;
        }

        var layer = body.Layer switch
        {
            null or "stored" => AgentConfigLayer.Stored,
            "runtime" => AgentConfigLayer.Runtime,
            _ => (AgentConfigLayer?)null,
        };
        if (layer is null)
        {
            validation.Add("layer", "must be 'stored' or 'runtime'.");
        }

        AgentRequests.CheckReason(validation, body.Reason);
        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var view = await AgentRequests.Agent(context, id).ChangeConfigAsync(new AgentConfigChange(layer!.Value, values.Clone(), AgentRequests.Actor(context), body.Reason));
        return JsonResponse.Ok(AgentMapping.ToResponse(view), AgentsJsonContext.Default.AgentConfigResponse);
    }

    private static async Task<IResult> HistoryAsync(string id, HttpContext context)
    {
        var history = await AgentRequests.Agent(context, id).GetConfigHistoryAsync();
        return JsonResponse.Ok(AgentMapping.ToResponse(history), AgentsJsonContext.Default.AgentConfigHistoryResponse);
    }

    private static async Task<IResult> RollbackAsync(string id, HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync(context, AgentsJsonContext.Default.AgentConfigRollbackRequest);
        if (problem is not null)
        {
            return problem;
        }

        var validation = new RequestValidation();
        if (body!.Version is not > 0)
        {
            validation.Add("version", "is required: a version number from GET /agents/{id}/config/history.");
        }

        AgentRequests.CheckReason(validation, body.Reason);
        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var view = await AgentRequests.Agent(context, id).RollbackConfigAsync(body.Version!.Value, AgentRequests.Actor(context), body.Reason);
        return JsonResponse.Ok(AgentMapping.ToResponse(view), AgentsJsonContext.Default.AgentConfigResponse);
    }
}
