using System.Security.Claims;
using Beach.Actors.Agents;
using Beach.Actors.Gateway.Problems;
using Beach.Actors.Gateway.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Gateway.Agents;

/// <summary>What every agent route needs of its request: the grain of the tenant's agent, the caller, the clock.</summary>
internal static class AgentRequests
{
    /// <summary>The longest reason accepted for the audit log.</summary>
    public const int MAX_REASON_LENGTH = 512;

    public static IAgentGrain Agent(HttpContext context, string agentId)
        => context.RequestServices.GetRequiredService<IGrainFactory>()
            .GetGrain<IAgentGrain>(AgentKey.For(context.RequestServices.GetRequiredService<TenantResolver>().Resolve(context), agentId));

    public static IAgentRegistryGrain Registry(HttpContext context)
        => context.RequestServices.GetRequiredService<IGrainFactory>()
            .GetGrain<IAgentRegistryGrain>(context.RequestServices.GetRequiredService<TenantResolver>().Resolve(context));

    /// <summary>The caller's <c>sub</c> claim, when the request is authenticated.</summary>
    public static string? Actor(HttpContext context)
        => context.User.FindFirst("sub")?.Value ?? context.User.FindFirst(ClaimTypes.NameIdentifier)?.Value;

    public static DateTimeOffset Now(HttpContext context) => (context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();

    public static AgentOptions Options(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<AgentOptions>>().Value;

    public static IResult InvalidId() => Problems.Problems.Validation(
        "id", $"An agent id is {{type}}-{{uuid}}: a type of 1–{AgentKey.MAX_TYPE_LENGTH} lower-case letters, digits, '_' or '-', a dash and a UUID such as 550e8400-e29b-41d4-a716-446655440000.");

    public static void CheckReason(RequestValidation validation, string? reason)
    {
        if (reason is { Length: > MAX_REASON_LENGTH })
        {
            validation.Add("reason", $"must be at most {MAX_REASON_LENGTH} characters.");
        }
    }
}
