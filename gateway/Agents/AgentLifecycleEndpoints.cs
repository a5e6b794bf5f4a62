using Beach.Actors.Agents;
using Beach.Actors.Gateway.Json;
using Beach.Actors.Gateway.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Beach.Actors.Gateway.Agents;

/// <summary>
/// One route per lifecycle command: <c>POST /agents/{id}/register|start|stop|fail|retire</c>, each with an optional
/// <c>reason</c>. A command not allowed from the agent's state answers 409 naming the allowed ones.
/// </summary>
internal static class AgentLifecycleEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        foreach (var command in Enum.GetValues<AgentCommand>())
        {
            var name = AgentLifecycle.Name(command);
            routes.MapPost($"/agents/{{id}}/{name}", (string id, HttpContext context) => TransitionAsync(id, command, context))
                .WithName($"Agent{command}")
                .WithSummary(Summary(command))
                .Accepts<AgentTransitionRequest>("application/json")
                .Produces<AgentResponse>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
        }
    }

    private static async Task<IResult> TransitionAsync(string id, AgentCommand command, HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync(context, AgentsJsonContext.Default.AgentTransitionRequest, optional: true);
        if (problem is not null)
        {
            return problem;
        }

        var validation = new RequestValidation();
        AgentRequests.CheckReason(validation, body?.Reason);
        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var agent = await AgentRequests.Agent(context, id).TransitionAsync(command, AgentRequests.Actor(context), body?.Reason);
        return JsonResponse.Ok(AgentMapping.ToResponse(agent, AgentRequests.Options(context).RestartPolicy), AgentsJsonContext.Default.AgentResponse);
    }

    private static string Summary(AgentCommand command) => command switch
    {
        AgentCommand.Register => "Discovered → Registered.",
        AgentCommand.Start => "Registered, Stopped or Failed → Running.",
        AgentCommand.Stop => "Running → Stopped.",
        AgentCommand.Fail => "Running → Failed (the agent reports a fatal error); the restart policy applies.",
        _ => "Any state → Retired, for good.",
    };
}
