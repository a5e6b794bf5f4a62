namespace Beach.Actors.Postgres;

/// <summary>
/// Options of the PostgreSQL providers: which server and database, which cluster's membership rows, and how the audit
/// log's group-commit writer batches and bounds its queue.
/// </summary>
public sealed class PostgresOptions
{
    /// <summary>The default <see cref="ClusterId"/>: <c>beach</c>.</summary>
    public const string DEFAULT_CLUSTER_ID = "beach";

    /// <summary>
    /// The default <see cref="MaxBatchSize"/>: 512 audit appends per transaction. A commit costs one WAL flush and
    /// about three round trips whatever its size, so a batch this large amortizes both while each multi-row statement
    /// stays well inside a millisecond of server time.
    /// </summary>
    public const int DEFAULT_MAX_BATCH_SIZE = 512;

    /// <summary>
    /// The default <see cref="QueueCapacity"/>: 65,536 pending audit appends, about two seconds of work at the target
    /// rate of 30,000 appends per second. Beyond it an append is refused at once with <see cref="OverloadedException"/>.
    /// </summary>
    public const int DEFAULT_QUEUE_CAPACITY = 65_536;

    /// <summary>
    /// The default <see cref="OverloadRetryAfter"/> in milliseconds: 100. A full queue drains by a whole batch per
    /// commit, so room appears within a few commits.
    /// </summary>
    public const int DEFAULT_OVERLOAD_RETRY_AFTER_MILLISECONDS = 100;

    /// <summary>
    /// The Npgsql connection string, for example
    /// <c>Host=db;Port=5432;Username=beach;Password=…;Database=beach</c>. Required. Connect as a role that is not a
    /// superuser: PostgreSQL never applies row-level security to superusers, so tenant isolation would not hold.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// The cluster whose membership rows this silo reads and writes. Several clusters (for example test clusters) can
    /// share one database under different ids and never see each other's silos.
    /// </summary>
    public string ClusterId { get; set; } = DEFAULT_CLUSTER_ID;

    /// <summary>The most audit appends the group-commit writer puts into one transaction.</summary>
    public int MaxBatchSize { get; set; } = DEFAULT_MAX_BATCH_SIZE;

    /// <summary>
    /// The most audit appends waiting for the writer. When the queue is full an append is not queued: it fails at once
    /// with <see cref="OverloadedException"/> carrying <see cref="OverloadRetryAfter"/>, so overload never grows memory.
    /// </summary>
    public int QueueCapacity { get; set; } = DEFAULT_QUEUE_CAPACITY;

    /// <summary>The retry delay that <see cref="OverloadedException"/> suggests when the queue is full.</summary>
    public TimeSpan OverloadRetryAfter { get; set; } = TimeSpan.FromMilliseconds(DEFAULT_OVERLOAD_RETRY_AFTER_MILLISECONDS);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(ClusterId);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(OverloadRetryAfter, TimeSpan.Zero);
    }
}
