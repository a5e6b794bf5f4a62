namespace Beach.Actors.Cluster;

/// <summary>
/// The membership table of one cluster: where silos find each other and agree on who is alive. PostgreSQL in a
/// cluster; in memory for tests and the single node. Every change is a compare-and-swap on the table version
/// (and on the row's ETag for updates): when another silo changed the table first, the call returns false and the
/// caller reads again and decides again.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates what the table needs (schema, the cluster's version row). Safe to call from every silo.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Every row of the cluster and the table version, read in one snapshot.</summary>
    Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Inserts <paramref name="entry"/> if no row for its silo exists and the table is still at the version before
    /// <paramref name="next"/>; writes <paramref name="next"/>.
    /// </summary>
    /// <returns>Whether the row was inserted; false when the version moved or the row exists.</returns>
    Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion next, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the row of <paramref name="entry"/>'s silo if its ETag is still <paramref name="etag"/> and the table
    /// is still at the version before <paramref name="next"/>; writes <paramref name="next"/>.
    /// </summary>
    /// <returns>Whether the row was updated; false when the version or the row changed.</returns>
    Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion next, CancellationToken cancellationToken);

    /// <summary>Writes the silo's I-am-alive time. Not versioned: it orders nothing.</summary>
    Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Deletes the rows of dead silos whose last I-am-alive is older than <paramref name="before"/>.</summary>
    Task CleanupDefunctEntriesAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
