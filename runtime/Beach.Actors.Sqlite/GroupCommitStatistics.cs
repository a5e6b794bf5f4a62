namespace Beach.Actors.Sqlite;

/// <summary>
/// Counters of the group-commit writer since the database was opened, to show that writes share fsyncs and where the
/// writer's thread spends its time.
/// </summary>
/// <param name="BatchesCommitted">Transactions committed (one fsync each).</param>
/// <param name="ItemsCommitted">Writes that took effect in a committed transaction.</param>
/// <param name="ItemsRejected">Writes refused on their own (a stale ETag or stream version) in a committed transaction.</param>
/// <param name="BatchesFailed">Transactions rolled back by an unexpected error; every write in them failed.</param>
/// <param name="Waiting">Time the writer's thread waited for a first write to arrive, each wait counted when it ends.</param>
/// <param name="Executing">Time spent running batches' statements, from <c>BEGIN</c> to before <c>COMMIT</c>.</param>
/// <param name="Committing">Time spent in <c>COMMIT</c>: the WAL write and its fsync.</param>
/// <param name="Publishing">Time spent handing outcomes back to callers after the commit.</param>
public readonly record struct GroupCommitStatistics(
    long BatchesCommitted,
    long ItemsCommitted,
    long ItemsRejected,
    long BatchesFailed,
    TimeSpan Waiting = default,
    TimeSpan Executing = default,
    TimeSpan Committing = default,
    TimeSpan Publishing = default)
{
    /// <summary>The mean number of writes per committed transaction.</summary>
    public double MeanBatchSize => BatchesCommitted == 0 ? 0 : (double)(ItemsCommitted + ItemsRejected) / BatchesCommitted;

    /// <summary>What happened between <paramref name="earlier"/> and this reading.</summary>
    public GroupCommitStatistics Since(GroupCommitStatistics earlier) => new(
        BatchesCommitted - earlier.BatchesCommitted,
        ItemsCommitted - earlier.ItemsCommitted,
        ItemsRejected - earlier.ItemsRejected,
        BatchesFailed - earlier.BatchesFailed,
        Waiting - earlier.Waiting,
        Executing - earlier.Executing,
        Committing - earlier.Committing,
        Publishing - earlier.Publishing);
}
