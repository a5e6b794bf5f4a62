using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Beach.Actors.Gateway.Security;

/// <summary>
/// Mints bearer tokens the gateway accepts: HS256 with the development key (the embedded node's start-up token and
/// <c>beach token mint</c>), or with any signing credentials (an ES256 key in tests and tools).
/// </summary>
public static class TokenIssuer
{
    /// <summary>Signs <paramref name="request"/> HS256 with the development key <paramref name="developmentKey"/>.</summary>
    public static string MintDevelopment(byte[] developmentKey, TokenRequest request, TimeProvider? clock = null)
        => Mint(new SigningCredentials(new SymmetricSecurityKey(developmentKey), SecurityAlgorithms.HmacSha256), request, clock);

    /// <summary>Signs <paramref name="request"/> with <paramref name="credentials"/>.</summary>
    public static string Mint(SigningCredentials credentials, TokenRequest request, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Subject);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Tenant);
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = request.Issuer,
            Audience = request.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (request.ExpiresAt ?? now + request.Lifetime).UtcDateTime,
            SigningCredentials = credentials,
            Claims = new Dictionary<string, object>
            {
                [TokenClaims.Subject] = request.Subject,
                [TokenClaims.Tenant] = request.Tenant,
                [TokenClaims.Scope] = string.Join(' ', request.Scopes),
            },
        };
        if (request.Roles.Count > 0)
        {
            descriptor.Claims[TokenClaims.Roles] = string.Join(' ', request.Roles);
        }

        AddIfSet(descriptor.Claims, TokenClaims.AgentId, request.AgentId);
        AddIfSet(descriptor.Claims, TokenClaims.Assignment, request.AssignmentId);
        AddIfSet(descriptor.Claims, TokenClaims.TokenId, request.TokenId);
        if (request.Sessions is { } sessions)
        {
            descriptor.Claims[TokenClaims.Sessions] = string.Join(' ', sessions);
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private static void AddIfSet(IDictionary<string, object> claims, string name, string? value)
    {
        if (value is not null)
        {
            claims[name] = value;
        }
    }
}
