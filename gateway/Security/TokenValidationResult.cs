namespace Beach.Actors.Gateway.Security;

/// <summary>Why a bearer token was refused; each becomes a 401 whose detail says what to fix.</summary>
internal enum TokenFailure
{
    Missing,
    Malformed,
    BadSignature,
    Expired,
    NotYetValid,
    WrongIssuer,
    WrongAudience,
    InvalidClaims,
}

/// <summary>A validated caller, or the failure and its explanation.</summary>
internal readonly record struct TokenValidationResult(CallerIdentity? Caller, TokenFailure Failure, string Detail)
{
    public static TokenValidationResult Valid(CallerIdentity caller) => new(caller, default, string.Empty);

    public static TokenValidationResult Refused(TokenFailure failure, string detail) => new(null, failure, detail);
}
