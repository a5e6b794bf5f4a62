namespace Beach.Actors.Sqlite;

/// <summary>
/// Options of the embedded SQLite store: where the database file lives and how the group-commit writer batches and
/// bounds its queue.
/// </summary>
public sealed class SqliteOptions
{
    /// <summary>The default <see cref="DataDirectory"/>: <c>./data</c>, relative to the working directory.</summary>
    public const string DEFAULT_DATA_DIRECTORY = "./data";

    /// <summary>The default <see cref="DatabaseFileName"/>: <c>beach.db</c>.</summary>
    public const string DEFAULT_DATABASE_FILE_NAME = "beach.db";

    /// <summary>
    /// The default <see cref="MaxBatchSize"/>: 1,024 writes per transaction. One fsync costs about 220 µs here, so a
    /// batch this size amortizes it to well under a microsecond per write while keeping a transaction short.
    /// </summary>
    public const int DEFAULT_MAX_BATCH_SIZE = 1_024;

    /// <summary>
    /// The default <see cref="QueueCapacity"/>: 65,536 pending writes, about two seconds of work at the target rate of
    /// 30,000 writes per second. Beyond it a write is refused at once with <see cref="OverloadedException"/>.
    /// </summary>
    public const int DEFAULT_QUEUE_CAPACITY = 65_536;

    /// <summary>
    /// The default <see cref="OverloadRetryAfter"/> in milliseconds: 100. A full queue drains by a whole batch per
    /// commit, so room appears within a few commits.
    /// </summary>
    public const int DEFAULT_OVERLOAD_RETRY_AFTER_MILLISECONDS = 100;

    /// <summary>
    /// The default <see cref="WalAutoCheckpointPages"/>: 16,000 (a WAL of at most about 64 MB, which also bounds what a
    /// restart replays). The writer checkpoints inside a commit whenever the WAL holds this many pages; SQLite's own
    /// 1,000 checkpoints so often that it costs about as much as the commits' fsyncs. Measured with bench/ lease-churn
    /// at 16 clients, three paired runs: 8–25% more lease operations per second, 6–18% less CPU per operation.
    /// </summary>
    public const int DEFAULT_WAL_AUTO_CHECKPOINT_PAGES = 16_000;

    /// <summary>
    /// The default <see cref="BusyTimeout"/> in milliseconds: 5,000. Only another process opening the same file (or a
    /// checkpoint) contends with the single writer, so waiting this long means something is wrong.
    /// </summary>
    public const int DEFAULT_BUSY_TIMEOUT_MILLISECONDS = 5_000;

    /// <summary>The directory that holds the database file; created when missing.</summary>
    public string DataDirectory { get; set; } = DEFAULT_DATA_DIRECTORY;

    /// <summary>The database file's name inside <see cref="DataDirectory"/>.</summary>
    public string DatabaseFileName { get; set; } = DEFAULT_DATABASE_FILE_NAME;

    /// <summary>The most writes the group-commit writer puts into one transaction (one fsync).</summary>
    public int MaxBatchSize { get; set; } = DEFAULT_MAX_BATCH_SIZE;

    /// <summary>
    /// The most writes waiting for the writer. When the queue is full a write is not queued: it fails at once with
    /// <see cref="OverloadedException"/> carrying <see cref="OverloadRetryAfter"/>, so overload never grows memory.
    /// </summary>
    public int QueueCapacity { get; set; } = DEFAULT_QUEUE_CAPACITY;

    /// <summary>The retry delay that <see cref="OverloadedException"/> suggests when the queue is full.</summary>
    public TimeSpan OverloadRetryAfter { get; set; } = TimeSpan.FromMilliseconds(DEFAULT_OVERLOAD_RETRY_AFTER_MILLISECONDS);

    /// <summary>See <see cref="DEFAULT_WAL_AUTO_CHECKPOINT_PAGES"/>; the WAL file grows to about this many 4 KiB pages.</summary>
    public int WalAutoCheckpointPages { get; set; } = DEFAULT_WAL_AUTO_CHECKPOINT_PAGES;

    /// <summary>How long a connection waits for a lock held by another connection before it fails.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromMilliseconds(DEFAULT_BUSY_TIMEOUT_MILLISECONDS);

    /// <summary>The database file's full path.</summary>
    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, DatabaseFileName));

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(DataDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(DatabaseFileName);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(WalAutoCheckpointPages, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(OverloadRetryAfter, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(BusyTimeout, TimeSpan.Zero);
    }
}
