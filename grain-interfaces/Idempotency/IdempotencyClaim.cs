namespace Beach.Actors.Idempotency;

/// <summary>What <see cref="IIdempotencyGrain.BeginAsync"/> found.</summary>
public enum IdempotencyOutcome
{
    /// <summary>The key is new (or expired): the caller runs the request.</summary>
    Started,

    /// <summary>The same request already ran: <see cref="IdempotencyClaim.Response"/> is its answer.</summary>
    Replay,

    /// <summary>The key was used for a different request.</summary>
    Mismatch,

    /// <summary>The same request is running elsewhere and has not answered yet.</summary>
    InProgress,
}

/// <summary>The outcome of a claim, with the stored response to replay.</summary>
[Immutable]
public sealed record IdempotencyClaim(IdempotencyOutcome Outcome, StoredResponse? Response);

/// <summary>A response kept for replay: status, the headers that matter and the body (base64).</summary>
[Immutable]
public sealed record StoredResponse(int Status, string? ContentType, string? Location, string Body);
