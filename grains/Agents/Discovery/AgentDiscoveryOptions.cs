namespace Beach.Actors.Agents.Discovery;

/// <summary>
/// Discovery of agent packages from a folder of manifests (<c>agent.yaml</c>, <c>agent.yml</c> or the seed's
/// <c>.env.discovery</c>), bound from the silo's <c>Agents:Discovery</c> section. Off unless <see cref="Folder"/> is set.
/// </summary>
public sealed class AgentDiscoveryOptions
{
    /// <summary>The tenant discovered agents belong to: the embedded silo's development tenant.</summary>
    public const string DEFAULT_TENANT = "dev";

    /// <summary>A full rescan runs this often even when the file watcher saw nothing (watchers miss events on some file systems).</summary>
    public const int DEFAULT_RESCAN_INTERVAL_SECONDS = 60;

    /// <summary>Manifests read per scan; past it the rest are counted in the report as omitted, not read.</summary>
    public const int DEFAULT_MAX_MANIFESTS = 10_000;

    /// <summary>The largest manifest file read; a larger one is rejected unread.</summary>
    public const int DEFAULT_MAX_MANIFEST_BYTES = 65_536;

    /// <summary>Rejections listed in a report; past it they are only counted.</summary>
    public const int DEFAULT_MAX_REPORTED_REJECTIONS = 1_000;

    /// <summary>The folder to scan, recursively; null (the default) turns discovery off.</summary>
    public string? Folder { get; set; }

    /// <summary>See <see cref="DEFAULT_TENANT"/>.</summary>
    public string Tenant { get; set; } = DEFAULT_TENANT;

    /// <summary>See <see cref="DEFAULT_RESCAN_INTERVAL_SECONDS"/>.</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(DEFAULT_RESCAN_INTERVAL_SECONDS);

    /// <summary>See <see cref="DEFAULT_MAX_MANIFESTS"/>.</summary>
    public int MaxManifests { get; set; } = DEFAULT_MAX_MANIFESTS;

    /// <summary>See <see cref="DEFAULT_MAX_MANIFEST_BYTES"/>.</summary>
    public int MaxManifestBytes { get; set; } = DEFAULT_MAX_MANIFEST_BYTES;

    /// <summary>See <see cref="DEFAULT_MAX_REPORTED_REJECTIONS"/>.</summary>
    public int MaxReportedRejections { get; set; } = DEFAULT_MAX_REPORTED_REJECTIONS;
}
