namespace Beach.Actors.Runtime.Streams.Cluster;

/// <summary>
/// How streams cross the processes of a cluster: forwarded publishes, pulls from the stream's home, mirrors. Every
/// default is documented next to its constant.
/// </summary>
public sealed class ClusterStreamOptions
{
    /// <summary>
    /// Events a process holds for one home silo before it has sent them: 4,096. When the queue is full the new event is
    /// dropped, never waited for (a producer does not block on a slow or dead silo), and the loss travels with the
    /// stream's next forwarded event, so its subscribers are told a <see cref="Actors.Streams.StreamGap"/>.
    /// </summary>
    public const int DEFAULT_FORWARD_QUEUE_CAPACITY = 4_096;

    /// <summary>The most events one forwarding call carries: 256.</summary>
    public const int DEFAULT_MAX_FORWARD_BATCH = 256;

    /// <summary>The most events one pull returns: 256; a reader further behind pulls again at once.</summary>
    public const int DEFAULT_MAX_PULL_BATCH = 256;

    /// <summary>
    /// How long the home holds a pull that found nothing new before answering empty: 10 seconds, well inside the call
    /// timeout (30 s by default; keep it so), so a quiet stream costs one call per reader every 10 s.
    /// </summary>
    public const int DEFAULT_PULL_WAIT_SECONDS = 10;

    /// <summary>How long a mirror waits after a failed pull (its home unreachable, or moving) before the next: 250 ms.</summary>
    public const int DEFAULT_RETRY_DELAY_MILLISECONDS = 250;

    /// <summary>
    /// How long a subscription waits for its mirror's first pull, so that a resume sees the home's retention: 5 seconds.
    /// Past it the subscription starts anyway and is told a gap when the home answers.
    /// </summary>
    public const int DEFAULT_FIRST_SYNC_TIMEOUT_SECONDS = 5;

    /// <summary>How long a mirror keeps pulling with no subscription left: 30 seconds, so a reconnecting client resumes at once.</summary>
    public const int DEFAULT_MIRROR_LINGER_SECONDS = 30;

    /// <summary>
    /// Pulls one silo holds waiting at once: 10,000. Past it a pull is answered at once as busy and its reader retries
    /// after <see cref="DEFAULT_RETRY_DELAY_MILLISECONDS"/>, so readers cannot pile up without bound.
    /// </summary>
    public const int DEFAULT_MAX_WAITING_PULLS = 10_000;

    /// <inheritdoc cref="DEFAULT_FORWARD_QUEUE_CAPACITY"/>
    public int ForwardQueueCapacity { get; set; } = DEFAULT_FORWARD_QUEUE_CAPACITY;

    /// <inheritdoc cref="DEFAULT_MAX_FORWARD_BATCH"/>
    public int MaxForwardBatch { get; set; } = DEFAULT_MAX_FORWARD_BATCH;

    /// <inheritdoc cref="DEFAULT_MAX_PULL_BATCH"/>
    public int MaxPullBatch { get; set; } = DEFAULT_MAX_PULL_BATCH;

    /// <inheritdoc cref="DEFAULT_PULL_WAIT_SECONDS"/>
    public TimeSpan PullWait { get; set; } = TimeSpan.FromSeconds(DEFAULT_PULL_WAIT_SECONDS);

    /// <inheritdoc cref="DEFAULT_RETRY_DELAY_MILLISECONDS"/>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(DEFAULT_RETRY_DELAY_MILLISECONDS);

    /// <inheritdoc cref="DEFAULT_FIRST_SYNC_TIMEOUT_SECONDS"/>
    public TimeSpan FirstSyncTimeout { get; set; } = TimeSpan.FromSeconds(DEFAULT_FIRST_SYNC_TIMEOUT_SECONDS);

    /// <inheritdoc cref="DEFAULT_MIRROR_LINGER_SECONDS"/>
    public TimeSpan MirrorLinger { get; set; } = TimeSpan.FromSeconds(DEFAULT_MIRROR_LINGER_SECONDS);

    /// <inheritdoc cref="DEFAULT_MAX_WAITING_PULLS"/>
    public int MaxWaitingPulls { get; set; } = DEFAULT_MAX_WAITING_PULLS;
}
