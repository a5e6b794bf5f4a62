namespace Beach.Actors.Agents;

/// <summary>How agents are registered, watched and bounded. Bound from the silo's <c>Agents</c> configuration section.</summary>
public sealed class AgentOptions
{
    /// <summary>The seed's heartbeat interval; an agent's <c>heartbeat_interval</c> setting overrides it.</summary>
    public const int DEFAULT_HEARTBEAT_INTERVAL_SECONDS = 30;

    /// <summary>Missed beats (whole intervals without one) that turn a Running agent Failed.</summary>
    public const int DEFAULT_MISSED_HEARTBEATS_BEFORE_FAILURE = 3;

    /// <summary>
    /// A beat is written to storage only when the agent's health word or state changes, or when the last write is this
    /// old, so 100,000 agents beating every 30 s cost no disk sync per beat. After a crash the missed-beat clock starts
    /// again from the agent's next activation.
    /// </summary>
    public const int DEFAULT_HEARTBEAT_PERSIST_INTERVAL_SECONDS = 600;

    /// <summary>Restarts in a row after failures before an agent stays Failed.</summary>
    public const int DEFAULT_MAX_RESTARTS = 5;

    /// <summary>The wait before the first restart; it doubles with each restart in a row.</summary>
    public const int DEFAULT_RESTART_INITIAL_BACKOFF_SECONDS = 1;

    /// <summary>The longest wait between restarts.</summary>
    public const int DEFAULT_RESTART_MAX_BACKOFF_SECONDS = 300;

    /// <summary>Log entries kept per agent; a full ring drops its oldest entry for each new one, and counts it.</summary>
    public const int DEFAULT_LOG_RING_CAPACITY = 256;

    /// <summary>Metric samples kept per agent; a full ring drops its oldest sample for each new one, and counts it.</summary>
    public const int DEFAULT_METRIC_RING_CAPACITY = 512;

    /// <summary>Entries in one ingest request; a larger batch is refused whole (400).</summary>
    public const int DEFAULT_MAX_INGEST_BATCH = 1_000;

    /// <summary>Configuration versions kept per agent; the oldest is dropped (and counted) past it.</summary>
    public const int DEFAULT_CONFIG_HISTORY_CAPACITY = 100;

    /// <summary>Agents one tenant's registry holds; a registration past it is refused (429).</summary>
    public const int DEFAULT_MAX_AGENTS_PER_TENANT = 200_000;

    /// <summary>Unused discovery tokens a tenant may hold; minting past it is refused (429) until some are used or expire.</summary>
    public const int DEFAULT_MAX_OUTSTANDING_DISCOVERY_TOKENS = 1_000;

    /// <summary>How long a discovery token may wait to be used.</summary>
    public const int DEFAULT_DISCOVERY_TOKEN_LIFETIME_SECONDS = 3_600;

    /// <summary>The prefix of environment variables that form the environment layer (seed 003 uses <c>OPMAS_</c>).</summary>
    public const string DEFAULT_ENVIRONMENT_PREFIX = "BEACH_AGENT_";

    /// <summary>See <see cref="DEFAULT_HEARTBEAT_INTERVAL_SECONDS"/>.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(DEFAULT_HEARTBEAT_INTERVAL_SECONDS);

    /// <summary>See <see cref="DEFAULT_MISSED_HEARTBEATS_BEFORE_FAILURE"/>.</summary>
    public int MissedHeartbeatsBeforeFailure { get; set; } = DEFAULT_MISSED_HEARTBEATS_BEFORE_FAILURE;

    /// <summary>See <see cref="DEFAULT_HEARTBEAT_PERSIST_INTERVAL_SECONDS"/>.</summary>
    public TimeSpan HeartbeatPersistInterval { get; set; } = TimeSpan.FromSeconds(DEFAULT_HEARTBEAT_PERSIST_INTERVAL_SECONDS);

    /// <summary>The restart policy of an agent whose manifest names none.</summary>
    public AgentRestartPolicy RestartPolicy { get; set; } = new(
        DEFAULT_MAX_RESTARTS, TimeSpan.FromSeconds(DEFAULT_RESTART_INITIAL_BACKOFF_SECONDS), TimeSpan.FromSeconds(DEFAULT_RESTART_MAX_BACKOFF_SECONDS));

    /// <summary>See <see cref="DEFAULT_LOG_RING_CAPACITY"/>.</summary>
    public int LogRingCapacity { get; set; } = DEFAULT_LOG_RING_CAPACITY;

    /// <summary>See <see cref="DEFAULT_METRIC_RING_CAPACITY"/>.</summary>
    public int MetricRingCapacity { get; set; } = DEFAULT_METRIC_RING_CAPACITY;

    /// <summary>See <see cref="DEFAULT_MAX_INGEST_BATCH"/>.</summary>
    public int MaxIngestBatch { get; set; } = DEFAULT_MAX_INGEST_BATCH;

    /// <summary>See <see cref="DEFAULT_CONFIG_HISTORY_CAPACITY"/>.</summary>
    public int ConfigHistoryCapacity { get; set; } = DEFAULT_CONFIG_HISTORY_CAPACITY;

    /// <summary>See <see cref="DEFAULT_MAX_AGENTS_PER_TENANT"/>.</summary>
    public int MaxAgentsPerTenant { get; set; } = DEFAULT_MAX_AGENTS_PER_TENANT;

    /// <summary>Whether <c>POST /agents</c> needs a one-time discovery token (from <c>POST /agents/discovery-tokens</c>). Off by default.</summary>
    public bool RequireDiscoveryToken { get; set; }

    /// <summary>See <see cref="DEFAULT_MAX_OUTSTANDING_DISCOVERY_TOKENS"/>.</summary>
    public int MaxOutstandingDiscoveryTokens { get; set; } = DEFAULT_MAX_OUTSTANDING_DISCOVERY_TOKENS;

    /// <summary>See <see cref="DEFAULT_DISCOVERY_TOKEN_LIFETIME_SECONDS"/>.</summary>
    public TimeSpan DiscoveryTokenLifetime { get; set; } = TimeSpan.FromSeconds(DEFAULT_DISCOVERY_TOKEN_LIFETIME_SECONDS);

    /// <summary>See <see cref="DEFAULT_ENVIRONMENT_PREFIX"/>. Variable <c>BEACH_AGENT_LOG_LEVEL</c> sets key <c>log_level</c>.</summary>
    public string EnvironmentPrefix { get; set; } = DEFAULT_ENVIRONMENT_PREFIX;

    /// <summary>Environment-layer values set in the silo's configuration (<c>Agents:Environment:log_level</c>); the variables win over them.</summary>
    public Dictionary<string, string> Environment { get; set; } = new(StringComparer.Ordinal);
}
