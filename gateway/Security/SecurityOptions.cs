namespace Beach.Actors.Gateway.Security;

/// <summary>
/// Which bearer tokens the gateway accepts. A token is signed HS256 with the development key or ES256 with a key whose
/// public half is configured here; it must name <see cref="Issuer"/> and <see cref="Audience"/>. Every default is
/// documented next to its constant.
/// </summary>
public sealed class SecurityOptions
{
    /// <summary>The <c>iss</c> a token must carry, and the one minted tokens carry.</summary>
    public const string DEFAULT_ISSUER = "beach-actors";

    /// <summary>The <c>aud</c> a token must carry, and the one minted tokens carry.</summary>
    public const string DEFAULT_AUDIENCE = "beach-actors";

    /// <summary>
    /// How far a token's <c>exp</c> and <c>nbf</c> may be off the gateway's clock: 30 s, for clocks of different
    /// machines; small beside the 5-minute tokens agents and harnesses get.
    /// </summary>
    public static readonly TimeSpan DEFAULT_CLOCK_SKEW = TimeSpan.FromSeconds(30);

    /// <summary>The lifetime of the admin token the embedded node prints at start: one hour.</summary>
    public static readonly TimeSpan DEFAULT_DEVELOPMENT_TOKEN_LIFETIME = TimeSpan.FromHours(1);

    /// <summary>The longest bearer token read, in characters; a longer header is refused unread (401).</summary>
    public const int DEFAULT_MAX_TOKEN_LENGTH = 8 * 1024;

    /// <summary>
    /// How many validated tokens the gateway remembers so that a token sent again skips its signature check: 4,096,
    /// more than the callers one gateway serves at once. The clock check runs on every request regardless.
    /// </summary>
    public const int DEFAULT_VALIDATED_TOKEN_CACHE_CAPACITY = 4_096;

    /// <summary>See <see cref="DEFAULT_ISSUER"/>.</summary>
    public string Issuer { get; set; } = DEFAULT_ISSUER;

    /// <summary>See <see cref="DEFAULT_AUDIENCE"/>.</summary>
    public string Audience { get; set; } = DEFAULT_AUDIENCE;

    /// <summary>See <see cref="DEFAULT_CLOCK_SKEW"/>.</summary>
    public TimeSpan ClockSkew { get; set; } = DEFAULT_CLOCK_SKEW;

    /// <summary>See <see cref="DEFAULT_MAX_TOKEN_LENGTH"/>.</summary>
    public int MaxTokenLength { get; set; } = DEFAULT_MAX_TOKEN_LENGTH;

    /// <summary>See <see cref="DEFAULT_VALIDATED_TOKEN_CACHE_CAPACITY"/>; 0 turns the cache off.</summary>
    public int ValidatedTokenCacheCapacity { get; set; } = DEFAULT_VALIDATED_TOKEN_CACHE_CAPACITY;

    /// <summary>
    /// The HS256 development key (at least 32 bytes), or null to accept no HS256 token. The embedded node sets it from
    /// its data folder (<see cref="DevelopmentSigningKey"/>); a gateway process from <c>--dev-key-file</c>.
    /// </summary>
    public byte[]? DevelopmentKey { get; set; }

    /// <summary>PEM files, each an EC P-256 public key (<c>-----BEGIN PUBLIC KEY-----</c>) that ES256 tokens may be signed for.</summary>
    public IList<string> Es256PublicKeyFiles { get; } = [];
}
