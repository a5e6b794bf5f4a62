using Beach.Actors.Actions;
using Beach.Actors.Onboarding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Gateway.Security;

/// <summary>
/// Feeds the anomaly rule of onboarding (<see cref="IAgentAssignmentGrain.RecordActivityAsync"/>) with what an onboarded
/// token does through the action pipeline: how many actions each accepted batch queued, and each batch refused for a
/// stale fencing token. The batch itself is answered as usual; a breach revokes the assignment for the next request.
/// </summary>
internal static class AgentActivity
{
    /// <summary>The route whose calls are watched.</summary>
    public const string ENQUEUE_ROUTE = "EnqueueActions";

    private const string ACCEPTED_ITEM = "beach.accepted_actions";

    /// <summary>Called by the enqueue route: <paramref name="count"/> actions were queued by this request.</summary>
    public static void Accepted(HttpContext context, int count) => context.Items[ACCEPTED_ITEM] = count;

    public static async Task WatchAsync(HttpContext context, CallerIdentity caller, RequestDelegate next)
    {
        var assignment = context.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IAgentAssignmentGrain>($"{caller.Tenant}/{caller.AssignmentId}");
        try
        {
            await next(context);
        }
        catch (StaleFencingTokenException)
        {
            await assignment.RecordActivityAsync(0, 1);
            throw;
        }

        if (context.Items.TryGetValue(ACCEPTED_ITEM, out var accepted) && accepted is int count and > 0)
        {
            await assignment.RecordActivityAsync(count, 0);
        }
    }
}
