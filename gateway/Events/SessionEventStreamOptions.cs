namespace Beach.Actors.Gateway.Events;

/// <summary>How the gateway serves session event streams over SSE and WebSocket. Every default is documented next to its constant.</summary>
public sealed class SessionEventStreamOptions
{
    /// <summary>
    /// A comment line (<c>: heartbeat</c>, or a WebSocket ping) every 15 seconds on an otherwise quiet connection, so that
    /// proxies with idle timeouts of 30 s or more keep it open and a dead client is noticed at the next write.
    /// </summary>
    public const int DEFAULT_HEARTBEAT_SECONDS = 15;

    /// <summary>
    /// Events queued for one connection: 1,024, as many as a stream retains, so a client resuming after a disconnect is
    /// replayed every retained event. Past it the oldest goes (the client is sent a <c>stream_gap</c> event), so a slow
    /// browser costs at most this many slots (16 KB; a client that keeps up holds a few), and never slows the session.
    /// </summary>
    public const int DEFAULT_SUBSCRIBER_QUEUE_CAPACITY = 1_024;

    /// <summary>Open SSE and WebSocket connections to one session's events: 2,048. One more is answered 429 with Retry-After.</summary>
    public const int DEFAULT_MAX_SUBSCRIBERS_PER_SESSION = 2_048;

    /// <summary>Open event connections across all sessions of this gateway: 16,384. One more is answered 429 with Retry-After.</summary>
    public const int DEFAULT_MAX_SUBSCRIBERS = 16_384;

    /// <summary>What a refused subscriber is told to wait: 5 seconds.</summary>
    public const int DEFAULT_RETRY_AFTER_SECONDS = 5;

    /// <summary>The SSE <c>retry:</c> hint, how long a browser waits before it reconnects on its own: 2 seconds.</summary>
    public const int DEFAULT_RECONNECT_MILLISECONDS = 2_000;

    /// <inheritdoc cref="DEFAULT_HEARTBEAT_SECONDS"/>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(DEFAULT_HEARTBEAT_SECONDS);

    /// <inheritdoc cref="DEFAULT_SUBSCRIBER_QUEUE_CAPACITY"/>
    public int SubscriberQueueCapacity { get; set; } = DEFAULT_SUBSCRIBER_QUEUE_CAPACITY;

    /// <inheritdoc cref="DEFAULT_MAX_SUBSCRIBERS_PER_SESSION"/>
    public int MaxSubscribersPerSession { get; set; } = DEFAULT_MAX_SUBSCRIBERS_PER_SESSION;

    /// <inheritdoc cref="DEFAULT_MAX_SUBSCRIBERS"/>
    public int MaxSubscribers { get; set; } = DEFAULT_MAX_SUBSCRIBERS;

    /// <inheritdoc cref="DEFAULT_RETRY_AFTER_SECONDS"/>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(DEFAULT_RETRY_AFTER_SECONDS);

    /// <inheritdoc cref="DEFAULT_RECONNECT_MILLISECONDS"/>
    public int ReconnectMilliseconds { get; set; } = DEFAULT_RECONNECT_MILLISECONDS;
}
