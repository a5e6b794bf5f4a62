namespace Beach.Actors.Gateway.Security;

/// <summary>The claims the gateway reads from a token.</summary>
public static class TokenClaims
{
    public const string Subject = "sub";
    public const string Tenant = "tenant";

    /// <summary>Space-separated scopes (RFC 8693 §4.2).</summary>
    public const string Scope = "scope";
}
