namespace Beach.Actors.Gateway;

/// <summary>How the gateway bounds requests. Every default is documented next to its constant.</summary>
public sealed class GatewayOptions
{
    /// <summary>The largest request body accepted; a larger one is answered 413 before it is read.</summary>
    public const int DEFAULT_MAX_REQUEST_BODY_BYTES = 1024 * 1024;

    /// <summary>Controller events per page when the caller names no limit.</summary>
    public const int DEFAULT_EVENT_PAGE_SIZE = 100;

    /// <summary>The most controller events one page may hold.</summary>
    public const int DEFAULT_MAX_EVENT_PAGE_SIZE = 1_000;

    /// <summary>The tenant of the admin token the embedded node prints at start (and of tokens minted for it by default).</summary>
    public const string DEFAULT_DEVELOPMENT_TENANT = "dev";

    /// <summary>See <see cref="DEFAULT_MAX_REQUEST_BODY_BYTES"/>.</summary>
    public long MaxRequestBodyBytes { get; set; } = DEFAULT_MAX_REQUEST_BODY_BYTES;

    /// <summary>See <see cref="DEFAULT_EVENT_PAGE_SIZE"/>.</summary>
    public int EventPageSize { get; set; } = DEFAULT_EVENT_PAGE_SIZE;

    /// <summary>See <see cref="DEFAULT_MAX_EVENT_PAGE_SIZE"/>.</summary>
    public int MaxEventPageSize { get; set; } = DEFAULT_MAX_EVENT_PAGE_SIZE;

    /// <summary>See <see cref="DEFAULT_DEVELOPMENT_TENANT"/>.</summary>
    public string DevelopmentTenant { get; set; } = DEFAULT_DEVELOPMENT_TENANT;
}
