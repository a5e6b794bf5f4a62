namespace Beach.Actors.Runtime.Transport;

/// <summary>How silos talk to each other over TCP. Every default is documented next to its constant.</summary>
public sealed class SiloTransportOptions
{
    /// <summary>
    /// Requests one connection holds that were sent and not yet answered, or are still waiting to be written. A caller
    /// past it gets <see cref="OverloadedException"/> at once: a slow or stuck peer pushes back instead of filling memory.
    /// </summary>
    public const int DEFAULT_MAX_PENDING_REQUESTS_PER_CONNECTION = 65_536;

    /// <summary>The largest frame a silo reads; a peer that sends more is cut off (a frame that big is a bug or an attack).</summary>
    public const int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

    /// <summary>How long opening a connection (TCP and the hello exchange) may take.</summary>
    public const int DEFAULT_CONNECT_TIMEOUT_MILLISECONDS = 5_000;

    /// <summary>The first wait after a failed connect to a silo; calls in the meantime fail at once.</summary>
    public const int DEFAULT_RECONNECT_BACKOFF_MIN_MILLISECONDS = 100;

    /// <summary>The longest wait between connect attempts; the wait doubles from the minimum up to this.</summary>
    public const int DEFAULT_RECONNECT_BACKOFF_MAX_MILLISECONDS = 5_000;

    /// <summary>Bytes of frames a writer gathers before it flushes to the socket, so many small frames share one send.</summary>
    public const int DEFAULT_FLUSH_THRESHOLD_BYTES = 64 * 1024;

    /// <summary>
    /// How long a silo that leaves gracefully waits, after it has written itself Dead, for the calls still in flight on
    /// its connections (either way) to be answered before it closes them. Past it, what is left fails as a lost
    /// connection does.
    /// </summary>
    public const int DEFAULT_DRAIN_TIMEOUT_MILLISECONDS = 5_000;

    /// <summary>The address this silo listens on for other silos. Loopback by default: a cluster on one machine.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The silo-to-silo port; 0 takes a free one.</summary>
    public int SiloPort { get; set; }

    /// <summary>See <see cref="DEFAULT_MAX_PENDING_REQUESTS_PER_CONNECTION"/>.</summary>
    public int MaxPendingRequestsPerConnection { get; set; } = DEFAULT_MAX_PENDING_REQUESTS_PER_CONNECTION;

    /// <summary>See <see cref="DEFAULT_MAX_FRAME_BYTES"/>.</summary>
    public int MaxFrameBytes { get; set; } = DEFAULT_MAX_FRAME_BYTES;

    /// <summary>See <see cref="DEFAULT_CONNECT_TIMEOUT_MILLISECONDS"/>.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromMilliseconds(DEFAULT_CONNECT_TIMEOUT_MILLISECONDS);

    /// <summary>See <see cref="DEFAULT_RECONNECT_BACKOFF_MIN_MILLISECONDS"/>.</summary>
    public TimeSpan ReconnectBackoffMin { get; set; } = TimeSpan.FromMilliseconds(DEFAULT_RECONNECT_BACKOFF_MIN_MILLISECONDS);

    /// <summary>See <see cref="DEFAULT_RECONNECT_BACKOFF_MAX_MILLISECONDS"/>.</summary>
    public TimeSpan ReconnectBackoffMax { get; set; } = TimeSpan.FromMilliseconds(DEFAULT_RECONNECT_BACKOFF_MAX_MILLISECONDS);

    /// <summary>See <see cref="DEFAULT_FLUSH_THRESHOLD_BYTES"/>.</summary>
    public int FlushThresholdBytes { get; set; } = DEFAULT_FLUSH_THRESHOLD_BYTES;

    /// <summary>See <see cref="DEFAULT_DRAIN_TIMEOUT_MILLISECONDS"/>.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMilliseconds(DEFAULT_DRAIN_TIMEOUT_MILLISECONDS);
}
