namespace Beach.Actors.Postgres;

/// <summary>
/// Counters of the audit log's group-commit writer since it started, to show that appends share transactions.
/// </summary>
/// <param name="BatchesCommitted">Transactions committed.</param>
/// <param name="ItemsCommitted">Appends that took effect in a committed transaction.</param>
/// <param name="ItemsRejected">Appends refused in a committed transaction: on their own (a stale expected version), or with their whole batch (a silo declared dead).</param>
/// <param name="BatchesFailed">Transactions rolled back by an unexpected error; every append in them failed.</param>
/// <param name="HeadsMoved">
/// Batches in which some tenant's appends, chained by the writer from the head it knew, found that head moved by
/// another writer, and went to the server (<c>beach_audit_append</c>) in one more round trip.
/// </param>
public readonly record struct PostgresGroupCommitStatistics(
    long BatchesCommitted,
    long ItemsCommitted,
    long ItemsRejected,
    long BatchesFailed,
    long HeadsMoved = 0)
{
    /// <summary>The mean number of appends per committed transaction.</summary>
    public double MeanBatchSize => BatchesCommitted == 0 ? 0 : (double)(ItemsCommitted + ItemsRejected) / BatchesCommitted;
}
