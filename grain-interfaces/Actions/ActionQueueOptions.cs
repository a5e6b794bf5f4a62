namespace Beach.Actors.Actions;

/// <summary>How a session's action queue behaves. Every default is a <c>DEFAULT_</c> constant here.</summary>
public sealed class ActionQueueOptions
{
    /// <summary>
    /// The most actions a session holds that its harness has not acked: 1,024. A batch that does not fit whole is refused
    /// (<see cref="ActionQueueFullException"/>, 429 with <c>Retry-After</c>); nothing is dropped.
    /// </summary>
    public const int DEFAULT_CAPACITY = 1_024;

    /// <summary>The most actions one request may carry: 256.</summary>
    public const int DEFAULT_MAX_BATCH = 256;

    /// <summary>The most actions one poll hands out: 256.</summary>
    public const int DEFAULT_MAX_POLL = 256;

    /// <summary>The longest a poll may wait for an action: 25 s, below the call timeout so a waiting poll never times out as a call.</summary>
    public const int DEFAULT_MAX_POLL_WAIT_SECONDS = 25;

    /// <summary>
    /// A delivered action not acked within 30 s is handed out again (the harness may have died holding it). Harnesses
    /// therefore see a sequence number at most once per delivery and skip ones they already applied.
    /// </summary>
    public const int DEFAULT_REDELIVERY_TIMEOUT_SECONDS = 30;

    /// <summary>
    /// An action handed out this many times without an ack is given up: 10, about five minutes of redeliveries at the
    /// default timeout. It leaves the queue with an <c>actions_abandoned</c> audit record and an
    /// <c>action_abandoned</c> event, so a harness that can never apply it does not hold a queue slot forever.
    /// </summary>
    public const int DEFAULT_MAX_DELIVERIES = 10;

    /// <summary>What a refused controller is told to wait before retrying a full queue: 1 s.</summary>
    public const int DEFAULT_QUEUE_FULL_RETRY_AFTER_SECONDS = 1;

    /// <summary>How many recent actions the latency percentiles are taken over: 1,024.</summary>
    public const int DEFAULT_LATENCY_SAMPLES = 1_024;

    /// <inheritdoc cref="DEFAULT_CAPACITY"/>
    public int Capacity { get; set; } = DEFAULT_CAPACITY;

    /// <inheritdoc cref="DEFAULT_MAX_BATCH"/>
    public int MaxBatch { get; set; } = DEFAULT_MAX_BATCH;

    /// <inheritdoc cref="DEFAULT_MAX_POLL"/>
    public int MaxPoll { get; set; } = DEFAULT_MAX_POLL;

    /// <inheritdoc cref="DEFAULT_MAX_POLL_WAIT_SECONDS"/>
    public TimeSpan MaxPollWait { get; set; } = TimeSpan.FromSeconds(DEFAULT_MAX_POLL_WAIT_SECONDS);

    /// <inheritdoc cref="DEFAULT_REDELIVERY_TIMEOUT_SECONDS"/>
    public TimeSpan RedeliveryTimeout { get; set; } = TimeSpan.FromSeconds(DEFAULT_REDELIVERY_TIMEOUT_SECONDS);

    /// <inheritdoc cref="DEFAULT_MAX_DELIVERIES"/>
    public int MaxDeliveries { get; set; } = DEFAULT_MAX_DELIVERIES;

    /// <inheritdoc cref="DEFAULT_QUEUE_FULL_RETRY_AFTER_SECONDS"/>
    public TimeSpan QueueFullRetryAfter { get; set; } = TimeSpan.FromSeconds(DEFAULT_QUEUE_FULL_RETRY_AFTER_SECONDS);

    /// <inheritdoc cref="DEFAULT_LATENCY_SAMPLES"/>
    public int LatencySamples { get; set; } = DEFAULT_LATENCY_SAMPLES;
}
