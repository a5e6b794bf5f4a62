namespace Beach.Actors.Sqlite;

/// <summary>
/// Counters of the group-commit writer since the database was opened, to show that writes share fsyncs.
/// </summary>
/// <param name="BatchesCommitted">Transactions committed (one fsync each).</param>
/// <param name="ItemsCommitted">Writes that took effect in a committed transaction.</param>
/// <param name="ItemsRejected">Writes refused on their own (a stale ETag or stream version) in a committed transaction.</param>
/// <param name="BatchesFailed">Transactions rolled back by an unexpected error; every write in them failed.</param>
public readonly record struct GroupCommitStatistics(
    long BatchesCommitted,
    long ItemsCommitted,
    long ItemsRejected,
    long BatchesFailed)
{
    /// <summary>The mean number of writes per committed transaction.</summary>
    public double MeanBatchSize => BatchesCommitted == 0 ? 0 : (double)(ItemsCommitted + ItemsRejected) / BatchesCommitted;
}
