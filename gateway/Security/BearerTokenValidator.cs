using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Beach.Actors.Gateway.Security;

/// <summary>
/// Checks a bearer token: signature (HS256 with the development key, ES256 with a configured public key), issuer,
/// audience, then <c>exp</c>/<c>nbf</c> against the injected clock (so tests move time), then the claims the gateway
/// needs: <c>sub</c>, <c>tenant</c>, <c>scope</c>. A token that passed is remembered (<see cref="ValidatedTokenCache"/>),
/// so its next use costs only the clock check.
/// </summary>
internal sealed class BearerTokenValidator
{
    private const int MAX_SUBJECT_LENGTH = 256;

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters;
    private readonly SecurityOptions _options;
    private readonly TimeProvider _clock;
    private readonly ValidatedTokenCache _validated;

    public BearerTokenValidator(IOptions<SecurityOptions> options, SigningKeys keys, TimeProvider clock)
    {
        _options = options.Value;
        _clock = clock;
        _validated = new ValidatedTokenCache(_options.ValidatedTokenCacheCapacity, clock);
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.Audience,
            IssuerSigningKeys = keys.Keys,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.EcdsaSha256],
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            TryAllIssuerSigningKeys = true,

            // Lifetime is checked below against the injected TimeProvider, which IdentityModel does not take.
            ValidateLifetime = false,
            RequireExpirationTime = false,
        };
        HasKeys = _parameters.IssuerSigningKeys.Any();
    }

    /// <summary>Whether any key is configured: with none, every token is refused with a message saying so.</summary>
    public bool HasKeys { get; }

    public async ValueTask<TokenValidationResult> ValidateAsync(string token)
    {
        if (token.Length > _options.MaxTokenLength)
        {
            return TokenValidationResult.Refused(TokenFailure.Malformed, $"The bearer token is longer than {_options.MaxTokenLength} characters.");
        }

        if (!HasKeys)
        {
            return TokenValidationResult.Refused(TokenFailure.BadSignature, "This gateway has no signing key configured, so it accepts no token: configure a development key file or ES256 public keys.");
        }

        if (!_validated.TryGet(token, out var validated))
        {
            var checkedClaims = await ValidateClaimsAsync(token);
            if (checkedClaims.Token is not { } fresh)
            {
                return checkedClaims.Refusal;
            }

            validated = fresh;
            _validated.Add(token, validated);
        }

        return CheckLifetime(validated);
    }

    /// <summary>Signature, issuer, audience and the claims the gateway needs; the lifetime is left to <see cref="CheckLifetime"/>.</summary>
    private async ValueTask<(ValidatedToken? Token, TokenValidationResult Refusal)> ValidateClaimsAsync(string token)
    {
        if (!_handler.CanReadToken(token))
        {
            return (null, TokenValidationResult.Refused(TokenFailure.Malformed, "The bearer token is not a JWT (three base64url parts separated by dots)."));
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid)
        {
            return (null, Explain(result.Exception));
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (!jwt.TryGetPayloadValue<long>("exp", out var exp))
        {
            return (null, TokenValidationResult.Refused(TokenFailure.InvalidClaims, "The token has no 'exp' claim; tokens must expire."));
        }

        DateTimeOffset? notBefore = jwt.TryGetPayloadValue<long>("nbf", out var nbf) ? DateTimeOffset.FromUnixTimeSeconds(nbf) : null;
        jwt.TryGetPayloadValue<string>(TokenClaims.Subject, out var subject);
        jwt.TryGetPayloadValue<string>(TokenClaims.Tenant, out var tenant);
        jwt.TryGetPayloadValue<string>(TokenClaims.Scope, out var scope);
        if (string.IsNullOrWhiteSpace(subject) || subject.Length > MAX_SUBJECT_LENGTH)
        {
            return (null, TokenValidationResult.Refused(TokenFailure.InvalidClaims, $"The token's 'sub' claim must name the principal in 1–{MAX_SUBJECT_LENGTH} characters."));
        }

        if (!TenantName.IsValid(tenant))
        {
            return (null, TokenValidationResult.Refused(TokenFailure.InvalidClaims, $"The token's 'tenant' claim must be 1–{TenantName.MAX_LENGTH} letters, digits, '.', '_' or '-'."));
        }

        var scopes = SplitClaim(scope);
        jwt.TryGetPayloadValue<string>(TokenClaims.Roles, out var rolesClaim);
        jwt.TryGetPayloadValue<string>(TokenClaims.AgentId, out var agentId);
        jwt.TryGetPayloadValue<string>(TokenClaims.Assignment, out var assignment);
        var roles = SplitClaim(rolesClaim);
        if (roles.Contains(Roles.Agent) && (agentId is null || !Beach.Actors.Agents.AgentKey.IsValidAgentId(agentId)))
        {
            return (null, TokenValidationResult.Refused(TokenFailure.InvalidClaims, "A token with the role 'agent' must name its agent in an 'agent_id' claim ({type}-{uuid})."));
        }

        IReadOnlySet<string>? sessions = jwt.TryGetPayloadValue<string>(TokenClaims.Sessions, out var sessionsClaim) ? SplitClaim(sessionsClaim) : null;
        if (assignment is not null && (agentId is null || sessions is null))
        {
            return (null, TokenValidationResult.Refused(TokenFailure.InvalidClaims, "An onboarded agent's token ('asg') must name its agent ('agent_id') and sessions ('sessions')."));
        }

        var caller = new CallerIdentity(subject, tenant!, scopes, DateTimeOffset.FromUnixTimeSeconds(exp))
        {
            Roles = roles,
            AgentId = agentId,
            AssignmentId = assignment,
            Sessions = sessions,
        };
        return (new ValidatedToken(caller, notBefore), default);
    }

    /// <summary><c>exp</c> and <c>nbf</c> against the injected clock, on every request, cached token or not.</summary>
    private TokenValidationResult CheckLifetime(ValidatedToken token)
    {
        var now = _clock.GetUtcNow();
        var expiresAt = token.Caller.ExpiresAt;

        // An onboarded agent's token was minted by this control plane's own clock, so it gets no skew: it lives at
        // most its five minutes.
        var skew = token.Caller.AssignmentId is not null ? TimeSpan.Zero : _options.ClockSkew;
        if (now - skew >= expiresAt)
        {
            return TokenValidationResult.Refused(TokenFailure.Expired, $"The token expired at {Iso(expiresAt)} (now {Iso(now)}). Mint a new one.");
        }

        if (token.NotBefore is { } notBefore && notBefore > now + _options.ClockSkew)
        {
            return TokenValidationResult.Refused(TokenFailure.NotYetValid, $"The token is not valid before {Iso(notBefore)} (now {Iso(now)}).");
        }

        return TokenValidationResult.Valid(token.Caller);
    }

    private static HashSet<string> SplitClaim(string? claim)
        => (claim ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    private static TokenValidationResult Explain(Exception? exception) => exception switch
    {
        SecurityTokenInvalidIssuerException => TokenValidationResult.Refused(TokenFailure.WrongIssuer, "The token's 'iss' is not the issuer this gateway trusts."),
        SecurityTokenInvalidAudienceException => TokenValidationResult.Refused(TokenFailure.WrongAudience, "The token's 'aud' is not this gateway's audience."),
        SecurityTokenInvalidAlgorithmException => TokenValidationResult.Refused(TokenFailure.BadSignature, "The token is signed with an algorithm other than HS256 or ES256."),
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException or SecurityTokenInvalidSigningKeyException
            => TokenValidationResult.Refused(TokenFailure.BadSignature, "The token's signature does not verify with any key this gateway trusts."),
        SecurityTokenMalformedException or ArgumentException
            => TokenValidationResult.Refused(TokenFailure.Malformed, "The bearer token is not a well-formed JWT."),
        _ => TokenValidationResult.Refused(TokenFailure.BadSignature, "The token could not be validated."),
    };

    private static string Iso(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
