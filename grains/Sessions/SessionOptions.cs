namespace Beach.Actors.Sessions;

/// <summary>How sessions judge their harness's liveness.</summary>
public sealed class SessionOptions
{
    /// <summary>A session whose last heartbeat is older than this is stale.</summary>
    public const int DEFAULT_HEARTBEAT_DEADLINE_SECONDS = 30;

    /// <summary>
    /// Heartbeats are written to storage at most this often (and on every status change and deactivation), so a
    /// harness beating every second does not cost a disk sync per beat.
    /// </summary>
    public const int DEFAULT_HEARTBEAT_PERSIST_INTERVAL_SECONDS = 10;

    /// <summary>See <see cref="DEFAULT_HEARTBEAT_DEADLINE_SECONDS"/>.</summary>
    public TimeSpan HeartbeatDeadline { get; set; } = TimeSpan.FromSeconds(DEFAULT_HEARTBEAT_DEADLINE_SECONDS);

    /// <summary>See <see cref="DEFAULT_HEARTBEAT_PERSIST_INTERVAL_SECONDS"/>.</summary>
    public TimeSpan HeartbeatPersistInterval { get; set; } = TimeSpan.FromSeconds(DEFAULT_HEARTBEAT_PERSIST_INTERVAL_SECONDS);
}
