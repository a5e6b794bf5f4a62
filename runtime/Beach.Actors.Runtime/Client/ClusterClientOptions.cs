namespace Beach.Actors.Runtime.Client;

/// <summary>How a cluster client finds and uses its gateways. Every default is documented next to its constant.</summary>
public sealed class ClusterClientOptions
{
    /// <summary>How often the client re-reads the membership table for the silos that take clients.</summary>
    public const int DEFAULT_GATEWAY_REFRESH_SECONDS = 5;

    /// <summary>How long start-up waits for a first gateway before it fails with a message saying none was found.</summary>
    public const int DEFAULT_STARTUP_TIMEOUT_SECONDS = 30;

    /// <summary>See <see cref="DEFAULT_GATEWAY_REFRESH_SECONDS"/>.</summary>
    public TimeSpan GatewayRefreshPeriod { get; set; } = TimeSpan.FromSeconds(DEFAULT_GATEWAY_REFRESH_SECONDS);

    /// <summary>See <see cref="DEFAULT_STARTUP_TIMEOUT_SECONDS"/>.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(DEFAULT_STARTUP_TIMEOUT_SECONDS);
}
