using Microsoft.AspNetCore.Routing;

namespace Beach.Actors.Gateway.Agents;

/// <summary>Every <c>/agents</c> route.</summary>
internal static class AgentRoutes
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        AgentEndpoints.Map(routes);
        AgentLifecycleEndpoints.Map(routes);
        AgentMonitoringEndpoints.Map(routes);
        AgentConfigEndpoints.Map(routes);
    }
}
