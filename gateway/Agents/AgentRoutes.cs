using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Beach.Actors.Gateway.Agents;

/// <summary>Every <c>/agents</c> route, behind one filter that answers 400 for a malformed <c>{id}</c> before any handler runs.</summary>
internal static class AgentRoutes
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var agents = routes.MapGroup("");
        agents.AddEndpointFilter(async (context, next) =>
            context.HttpContext.Request.RouteValues.TryGetValue("id", out var id) && !Beach.Actors.Agents.AgentKey.IsValidAgentId(id as string)
                ? AgentRequests.InvalidId()
                : await next(context));
        AgentEndpoints.Map(agents);
        AgentLifecycleEndpoints.Map(agents);
        AgentMonitoringEndpoints.Map(agents);
        AgentConfigEndpoints.Map(agents);
        Onboarding.AgentOnboardingEndpoints.Map(agents);
    }
}
