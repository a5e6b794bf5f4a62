namespace Beach.Actors.Gateway.RateLimiting;

/// <summary>
/// Token buckets that bound how fast one tenant, and one controller (a token's <c>sub</c>) of a tenant, may call
/// the gateway. A request takes one permit from both its tenant's and its controller's bucket; an empty bucket
/// answers 429 with <c>Retry-After</c>. Every default is documented next to its constant.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Permits a tenant's bucket regains per second: 5,000 requests/s sustained, a little under what one node serves.</summary>
    public const double DEFAULT_TENANT_PERMITS_PER_SECOND = 5_000;

    /// <summary>A tenant's bucket size: bursts of up to 10,000 requests above the sustained rate.</summary>
    public const int DEFAULT_TENANT_BURST = 10_000;

    /// <summary>Permits a controller's bucket regains per second: 1,000 requests/s, so one noisy agent cannot take a tenant's whole rate.</summary>
    public const double DEFAULT_CONTROLLER_PERMITS_PER_SECOND = 1_000;

    /// <summary>A controller's bucket size.</summary>
    public const int DEFAULT_CONTROLLER_BURST = 2_000;

    /// <summary>
    /// The most buckets kept per kind (tenants, controllers). When full, buckets that have refilled completely (they
    /// hold no history) are dropped; if none has, a new caller shares one overflow bucket of its kind until room is
    /// made, so memory stays bounded and a flood of new principals is throttled together.
    /// </summary>
    public const int DEFAULT_MAX_BUCKETS = 100_000;

    /// <summary>Whether requests are limited at all. On by default.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>See <see cref="DEFAULT_TENANT_PERMITS_PER_SECOND"/>.</summary>
    public double TenantPermitsPerSecond { get; set; } = DEFAULT_TENANT_PERMITS_PER_SECOND;

    /// <summary>See <see cref="DEFAULT_TENANT_BURST"/>.</summary>
    public int TenantBurst { get; set; } = DEFAULT_TENANT_BURST;

    /// <summary>See <see cref="DEFAULT_CONTROLLER_PERMITS_PER_SECOND"/>.</summary>
    public double ControllerPermitsPerSecond { get; set; } = DEFAULT_CONTROLLER_PERMITS_PER_SECOND;

    /// <summary>See <see cref="DEFAULT_CONTROLLER_BURST"/>.</summary>
    public int ControllerBurst { get; set; } = DEFAULT_CONTROLLER_BURST;

    /// <summary>See <see cref="DEFAULT_MAX_BUCKETS"/>.</summary>
    public int MaxBuckets { get; set; } = DEFAULT_MAX_BUCKETS;
}
