namespace Beach.Actors.Gateway.Security;

/// <summary>The claims the gateway reads from a token.</summary>
public static class TokenClaims
{
    public const string Subject = "sub";
    public const string Tenant = "tenant";

    /// <summary>Space-separated scopes (RFC 8693 §4.2).</summary>
    public const string Scope = "scope";

    /// <summary>Space-separated roles: <c>admin</c>, <c>agent</c>, <c>read-only</c> or a custom role of the tenant.</summary>
    public const string Roles = "roles";

    /// <summary>The agent a token is bound to (required with the <c>agent</c> role).</summary>
    public const string AgentId = "agent_id";

    /// <summary>The onboarding assignment that issued the token.</summary>
    public const string Assignment = "asg";

    /// <summary>Space-separated ids of the sessions an onboarded token may touch.</summary>
    public const string Sessions = "sessions";

    /// <summary>The token's id.</summary>
    public const string TokenId = "jti";
}
