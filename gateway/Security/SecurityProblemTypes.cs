namespace Beach.Actors.Gateway.Security;

/// <summary>The <c>type</c> URIs of the gateway's authentication and authorization problems.</summary>
internal static class SecurityProblemTypes
{
    private const string PREFIX = "urn:beach-actors:problem:";

    public const string Unauthenticated = PREFIX + "unauthenticated";
    public const string InsufficientScope = PREFIX + "insufficient-scope";
    public const string TokenRevoked = PREFIX + "token-revoked";
    public const string NotOwnAgent = PREFIX + "not-own-agent";
    public const string SessionNotAssigned = PREFIX + "session-not-assigned";
    public const string RateLimited = PREFIX + "rate-limited";
    public const string IdempotencyKeyInvalid = PREFIX + "idempotency-key-invalid";
    public const string IdempotencyKeyReused = PREFIX + "idempotency-key-reused";
    public const string IdempotencyKeyInProgress = PREFIX + "idempotency-key-in-progress";
}
