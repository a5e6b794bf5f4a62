using System.Security.Claims;
using Beach.Actors.Gateway.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Gateway.Security;

/// <summary>
/// Authenticates and authorizes every routed request: a request to a route that is not anonymous needs a valid
/// bearer token (401 otherwise, with the reason and a <c>WWW-Authenticate</c> header) whose scopes satisfy the route's
/// entry in <see cref="RouteScopes"/> (403 naming the missing scope otherwise). The caller it finds is what
/// <see cref="Tenancy.TenantResolver"/> reads the tenant from. Roles, agent and session bindings and the revocation of
/// onboarded tokens are checked by <see cref="CallerAuthorization"/>; the actions of onboarded tokens feed the anomaly
/// rule through <see cref="AgentActivity"/>.
/// </summary>
internal sealed partial class BearerAuthenticationMiddleware(RequestDelegate next, BearerTokenValidator validator, ILogger<BearerAuthenticationMiddleware> logger)
{
    private const string SCHEME = "Bearer";

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null)
        {
            // No route: the 404 that follows names no resource of anyone.
            await next(context);
            return;
        }

        var requirement = RouteRequirement.For(endpoint);
        if (requirement.IsAnonymous)
        {
            await next(context);
            return;
        }

        var result = await AuthenticateAsync(context.Request);
        if (result.Caller is not { } caller)
        {
            Refused(logger, context.Request.Method, context.Request.Path, result.Failure);
            context.Response.Headers.WWWAuthenticate = result.Failure == TokenFailure.Missing
                ? $"{SCHEME} realm=\"beach-actors\""
                : $"{SCHEME} realm=\"beach-actors\", error=\"invalid_token\", error_description=\"{Quote(result.Detail)}\"";
            await Problems.Problems.Of(
                    StatusCodes.Status401Unauthorized, SecurityProblemTypes.Unauthenticated, "Not authenticated.", result.Detail,
                    new Dictionary<string, object?> { ["reason"] = ReasonOf(result.Failure) })
                .ExecuteAsync(context);
            return;
        }

        if (await CallerAuthorization.CheckAsync(context, caller, requirement, RouteRequirement.NameOf(endpoint)) is { } refusal)
        {
            await refusal.ExecuteAsync(context);
            return;
        }

        context.Features.Set(caller);
        context.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(TokenClaims.Subject, caller.Subject), new Claim(TokenClaims.Tenant, caller.Tenant)], SCHEME, TokenClaims.Subject, null));
        if (caller.AssignmentId is null || RouteRequirement.NameOf(endpoint) != AgentActivity.ENQUEUE_ROUTE)
        {
            await next(context);
            return;
        }

        await AgentActivity.WatchAsync(context, caller, next);
    }

    private async ValueTask<TokenValidationResult> AuthenticateAsync(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return TokenValidationResult.Refused(TokenFailure.Missing, "This route needs a bearer token: send 'Authorization: Bearer <token>'. The embedded node prints one at start; 'beach token mint' makes more.");
        }

        if (!header.StartsWith(SCHEME + " ", StringComparison.OrdinalIgnoreCase) || header.Length <= SCHEME.Length + 1)
        {
            return TokenValidationResult.Refused(TokenFailure.Malformed, "The Authorization header must be 'Bearer <token>'.");
        }

        return await validator.ValidateAsync(header[(SCHEME.Length + 1)..].Trim());
    }

    private static string ReasonOf(TokenFailure failure) => failure switch
    {
        TokenFailure.Missing => "missing",
        TokenFailure.Malformed => "malformed",
        TokenFailure.BadSignature => "bad_signature",
        TokenFailure.Expired => "expired",
        TokenFailure.NotYetValid => "not_yet_valid",
        TokenFailure.WrongIssuer => "wrong_issuer",
        TokenFailure.WrongAudience => "wrong_audience",
        _ => "invalid_claims",
    };

    private static string Quote(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "'", StringComparison.Ordinal);

    [LoggerMessage(EventId = 401, Level = LogLevel.Debug, Message = "{Method} {Path} refused: {Failure}")]
    private static partial void Refused(ILogger logger, string method, string path, TokenFailure failure);
}
