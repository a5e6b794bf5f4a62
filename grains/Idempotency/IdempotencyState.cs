namespace Beach.Actors.Idempotency;

/// <summary>What an idempotency key keeps in grain storage once its request has answered.</summary>
internal sealed class IdempotencyState
{
    public string? Fingerprint { get; set; }

    public int Status { get; set; }

    public string? ContentType { get; set; }

    public string? Location { get; set; }

    public string Body { get; set; } = string.Empty;

    public DateTimeOffset ExpiresAt { get; set; }
}
