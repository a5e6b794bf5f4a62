using Beach.Actors.Gateway.Security;
using Beach.Actors.Onboarding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Gateway.Onboarding;

/// <summary>
/// Signs an onboarded agent's token: HS256 with the gateway's development key, subject the agent, role <c>agent</c>,
/// bound to the agent (<c>agent_id</c>), its assignment (<c>asg</c>, checked against the revocation record on every
/// request) and its sessions, with only the scopes the template's tools need, until the assignment's
/// <c>token_expires_at</c> (at most 5 minutes).
/// </summary>
internal static class AgentTokenMinter
{
    /// <summary>Whether this gateway can sign agent tokens (it has a development key).</summary>
    public static bool CanMint(HttpContext context) => Key(context) is not null;

    public static string Mint(HttpContext context, string tenant, AgentAssignment assignment)
    {
        var key = Key(context) ?? throw new InvalidOperationException("No signing key for agent tokens.");
        var clock = context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        var request = new TokenRequest(assignment.AgentId, tenant, assignment.Scopes, assignment.TokenExpiresAt - clock.GetUtcNow())
        {
            Roles = [Roles.Agent],
            AgentId = assignment.AgentId,
            AssignmentId = assignment.AssignmentId,
            Sessions = [.. assignment.Sessions.Select(s => s.SessionId)],
            TokenId = assignment.TokenId,
            ExpiresAt = assignment.TokenExpiresAt,
        };
        return TokenIssuer.MintDevelopment(key, request, clock);
    }

    /// <summary>503: the onboarding cannot hand out a token, so it is not started.</summary>
    public static IResult Unavailable() => Problems.Problems.Of(
        StatusCodes.Status503ServiceUnavailable, Problems.ProblemTypes.OnboardingUnavailable, "Cannot issue agent tokens.",
        "This gateway has no signing key for agent tokens: start it with a development key (--dev-key-file, or the embedded node's data folder). Nothing was onboarded.");

    private static byte[]? Key(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.DevelopmentKey;
}
