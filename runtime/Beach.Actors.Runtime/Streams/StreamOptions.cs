namespace Beach.Actors.Runtime.Streams;

/// <summary>How a process's streams retain and deliver events. Every default is documented next to its constant.</summary>
public sealed class StreamOptions
{
    /// <summary>
    /// Events each stream retains for subscribers that resume: the newest 1,024. When the ring is full the oldest event
    /// goes; a subscriber resuming before it is told a <see cref="Actors.Streams.StreamGap"/>. The ring grows on demand,
    /// so a quiet stream holds only what it has seen: each event as its JSON bytes and a slot of its token and place
    /// (<see cref="RetentionRing{T}"/> says why not as objects).
    /// </summary>
    public const int DEFAULT_RETAINED_EVENTS_PER_STREAM = 1_024;

    /// <summary>
    /// Bytes of retained events' JSON each stream holds at most: 1 MiB, about three thousand session events, so the
    /// event count is the bound that usually applies and this one caps a stream of large events. Past it the oldest
    /// events go as when the count is reached; an event larger than this alone is
    /// delivered, and retention starts over after it.
    /// </summary>
    public const int DEFAULT_RETAINED_BYTES_PER_STREAM = 1 << 20;

    /// <summary>
    /// A stream with no subscription and no event for this long is dropped with its retention: 15 minutes, the idle age
    /// of an activation. Its next use starts a new epoch, so an old resume token is reported as unknown, never misread.
    /// </summary>
    public const int DEFAULT_IDLE_STREAM_AGE_MINUTES = 15;

    /// <summary>How often idle streams are looked for: every minute, so a stream lives at most age + this idle.</summary>
    public const int DEFAULT_IDLE_SWEEP_PERIOD_SECONDS = 60;

    /// <summary>
    /// Subscriptions one stream accepts before refusing more with <see cref="OverloadedException"/>: 10,000, so one
    /// stream's fan-out cannot hold the process's memory.
    /// </summary>
    public const int DEFAULT_MAX_SUBSCRIPTIONS_PER_STREAM = 10_000;

    /// <summary>The most events handed to a batch observer in one call: 256, so one batch bounds one write.</summary>
    public const int DEFAULT_MAX_DELIVERY_BATCH = 256;

    /// <summary>What a refused subscriber is told to wait before retrying: 1 second.</summary>
    public const int DEFAULT_OVERLOAD_RETRY_AFTER_MILLISECONDS = 1_000;

    /// <inheritdoc cref="DEFAULT_RETAINED_EVENTS_PER_STREAM"/>
    public int RetainedEventsPerStream { get; set; } = DEFAULT_RETAINED_EVENTS_PER_STREAM;

    /// <inheritdoc cref="DEFAULT_RETAINED_BYTES_PER_STREAM"/>
    public int RetainedBytesPerStream { get; set; } = DEFAULT_RETAINED_BYTES_PER_STREAM;

    /// <inheritdoc cref="DEFAULT_IDLE_STREAM_AGE_MINUTES"/>
    public TimeSpan IdleStreamAge { get; set; } = TimeSpan.FromMinutes(DEFAULT_IDLE_STREAM_AGE_MINUTES);

    /// <inheritdoc cref="DEFAULT_IDLE_SWEEP_PERIOD_SECONDS"/>
    public TimeSpan IdleSweepPeriod { get; set; } = TimeSpan.FromSeconds(DEFAULT_IDLE_SWEEP_PERIOD_SECONDS);

    /// <inheritdoc cref="DEFAULT_MAX_SUBSCRIPTIONS_PER_STREAM"/>
    public int MaxSubscriptionsPerStream { get; set; } = DEFAULT_MAX_SUBSCRIPTIONS_PER_STREAM;

    /// <inheritdoc cref="DEFAULT_MAX_DELIVERY_BATCH"/>
    public int MaxDeliveryBatch { get; set; } = DEFAULT_MAX_DELIVERY_BATCH;

    /// <inheritdoc cref="DEFAULT_OVERLOAD_RETRY_AFTER_MILLISECONDS"/>
    public TimeSpan OverloadRetryAfter { get; set; } = TimeSpan.FromMilliseconds(DEFAULT_OVERLOAD_RETRY_AFTER_MILLISECONDS);
}
