namespace Beach.Actors.Harness;

/// <summary>How the sidecar runs. Every default is a <c>DEFAULT_</c> constant here.</summary>
internal sealed record HarnessOptions
{
    /// <summary>How often the harness heartbeats: every 5 s, well inside the control plane's default 30 s deadline.</summary>
    public const int DEFAULT_HEARTBEAT_INTERVAL_MS = 5_000;

    /// <summary>How long one poll waits for actions: 20 s (the control plane caps it at 25 s).</summary>
    public const int DEFAULT_POLL_TIMEOUT_MS = 20_000;

    /// <summary>The most actions taken per poll: 256.</summary>
    public const int DEFAULT_POLL_MAX = 256;

    /// <summary>The first wait after a failed call to the control plane: 200 ms, doubling up to 5 s.</summary>
    public const int DEFAULT_RETRY_BACKOFF_MS = 200;

    /// <summary>The longest wait between retries: 5 s.</summary>
    public const int DEFAULT_MAX_RETRY_BACKOFF_MS = 5_000;

    public required Uri Url { get; init; }

    public string? Token { get; init; }

    public required string SessionId { get; init; }

    public required string HarnessId { get; init; }

    public string HarnessType { get; init; } = "terminal_shim";

    public IReadOnlyList<string> Capabilities { get; init; } = ["terminal_write"];

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(DEFAULT_HEARTBEAT_INTERVAL_MS);

    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromMilliseconds(DEFAULT_POLL_TIMEOUT_MS);

    public int PollMax { get; init; } = DEFAULT_POLL_MAX;

    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromMilliseconds(DEFAULT_RETRY_BACKOFF_MS);

    public TimeSpan MaxRetryBackoff { get; init; } = TimeSpan.FromMilliseconds(DEFAULT_MAX_RETRY_BACKOFF_MS);

    /// <summary>The target process: its stdin receives what the actions write.</summary>
    public required IReadOnlyList<string> Command { get; init; }
}
