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
/// <param name="Waiting">Time the writer's loop waited for a first append to arrive, each wait counted when it ends.</param>
/// <param name="Preparing">Time from taking a batch to sending it: deciding the appends, taking a pooled connection, drawing seqs when short (a round trip of its own), chaining.</param>
/// <param name="RoundTrips">Time from sending a batch to having read the server's answer to its commit, for every attempt: one refused by the fence or sent again after a moved head counts too.</param>
/// <param name="Publishing">Time spent handing outcomes back to callers after the commit.</param>
public readonly record struct PostgresGroupCommitStatistics(
    long BatchesCommitted,
    long ItemsCommitted,
    long ItemsRejected,
    long BatchesFailed,
    long HeadsMoved = 0,
    TimeSpan Waiting = default,
    TimeSpan Preparing = default,
    TimeSpan RoundTrips = default,
    TimeSpan Publishing = default)
{
    /// <summary>The mean number of appends per committed transaction.</summary>
    public double MeanBatchSize => BatchesCommitted == 0 ? 0 : (double)(ItemsCommitted + ItemsRejected) / BatchesCommitted;

    /// <summary>What happened between <paramref name="earlier"/> and this reading.</summary>
    public PostgresGroupCommitStatistics Since(PostgresGroupCommitStatistics earlier) => new(
        BatchesCommitted - earlier.BatchesCommitted,
        ItemsCommitted - earlier.ItemsCommitted,
        ItemsRejected - earlier.ItemsRejected,
        BatchesFailed - earlier.BatchesFailed,
        HeadsMoved - earlier.HeadsMoved,
        Waiting - earlier.Waiting,
        Preparing - earlier.Preparing,
        RoundTrips - earlier.RoundTrips,
        Publishing - earlier.Publishing);

    /// <summary>The sum of two writers' counters, as for the writers of several silos.</summary>
    public static PostgresGroupCommitStatistics operator +(PostgresGroupCommitStatistics a, PostgresGroupCommitStatistics b) => new(
        a.BatchesCommitted + b.BatchesCommitted,
        a.ItemsCommitted + b.ItemsCommitted,
        a.ItemsRejected + b.ItemsRejected,
        a.BatchesFailed + b.BatchesFailed,
        a.HeadsMoved + b.HeadsMoved,
        a.Waiting + b.Waiting,
        a.Preparing + b.Preparing,
        a.RoundTrips + b.RoundTrips,
        a.Publishing + b.Publishing);
}
