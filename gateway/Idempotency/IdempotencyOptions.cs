using Beach.Actors.Idempotency;

namespace Beach.Actors.Gateway.Idempotency;

/// <summary>
/// How the gateway keeps <c>Idempotency-Key</c> answers. A key is 1–<see cref="IdempotencyKey.MAX_LENGTH"/> visible
/// ASCII characters (longer or other → 400). Every default is documented next to its constant.
/// </summary>
public sealed class IdempotencyOptions
{
    /// <summary>How long a stored answer is replayed: 24 h, then the key may be used afresh.</summary>
    public static readonly TimeSpan DEFAULT_RETENTION = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a claim of a running request holds off another gateway's duplicate (which meanwhile gets 409 and
    /// <c>Retry-After</c>): 60 s, twice the grain call timeout, so a crashed gateway's claim lapses.
    /// </summary>
    public static readonly TimeSpan DEFAULT_CLAIM_TIMEOUT = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The most keys this gateway runs at once. Duplicates of a running key wait for it in this process; past the bound
    /// a request with a new key is answered 429 with <c>Retry-After</c> and nothing is applied.
    /// </summary>
    public const int DEFAULT_MAX_IN_FLIGHT_KEYS = 10_000;

    /// <summary>See <see cref="DEFAULT_RETENTION"/>.</summary>
    public TimeSpan Retention { get; set; } = DEFAULT_RETENTION;

    /// <summary>See <see cref="DEFAULT_CLAIM_TIMEOUT"/>.</summary>
    public TimeSpan ClaimTimeout { get; set; } = DEFAULT_CLAIM_TIMEOUT;

    /// <summary>See <see cref="DEFAULT_MAX_IN_FLIGHT_KEYS"/>.</summary>
    public int MaxInFlightKeys { get; set; } = DEFAULT_MAX_IN_FLIGHT_KEYS;
}
