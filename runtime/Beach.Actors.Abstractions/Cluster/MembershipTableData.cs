using System.Collections.Immutable;

namespace Beach.Actors.Cluster;

/// <summary>
/// The version of the whole membership table. Every change to any row also moves the table from
/// <see cref="Version"/> to <see cref="Next"/> in the same transaction, and fails if another silo moved it first:
/// that compare-and-swap is what orders all membership changes of a cluster.
/// </summary>
/// <param name="Version">The version number; a new table starts at 0.</param>
/// <param name="ETag">The provider's token for this version.</param>
public sealed record TableVersion(long Version, string ETag)
{
    /// <summary>The version a successful change writes.</summary>
    public TableVersion Next() => new(Version + 1, ETag);
}

/// <summary>A row as read, with the ETag a conditional update of it must name.</summary>
public sealed record MembershipRow(MembershipEntry Entry, string ETag);

/// <summary>The whole table as read in one snapshot.</summary>
public sealed record MembershipTableData(ImmutableArray<MembershipRow> Rows, TableVersion Version)
{
    /// <summary>The row of <paramref name="silo"/>, or null.</summary>
    public MembershipRow? Find(SiloAddress silo)
    {
        foreach (var row in Rows)
        {
            if (row.Entry.Silo == silo)
            {
                return row;
            }
        }

        return null;
    }
}
