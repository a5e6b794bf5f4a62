namespace Beach.Actors.Postgres;

/// <summary>
/// Counters of the audit log's group-commit writer since it started, to show that appends share transactions.
/// </summary>
/// <param name="BatchesCommitted">Transactions committed.</param>
/// <param name="ItemsCommitted">Appends that took effect in a committed transaction.</param>
/// <param name="ItemsRejected">Appends refused in a committed transaction: on their own (a stale expected version), or with their whole batch (a silo declared dead).</param>
/// <param name="BatchesFailed">Transactions rolled back by an unexpected error; every append in them failed.</param>
public readonly record struct PostgresGroupCommitStatistics(
    long BatchesCommitted,
    long ItemsCommitted,
    long ItemsRejected,
    long BatchesFailed)
{
    /// <summary>The mean number of appends per committed transaction.</summary>
    public double MeanBatchSize => BatchesCommitted == 0 ? 0 : (double)(ItemsCommitted + ItemsRejected) / BatchesCommitted;
}
