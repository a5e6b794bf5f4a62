namespace Beach.Actors.Cluster;

/// <summary>Where a silo is in its life, as the membership table records it. The order is the order of a life.</summary>
public enum SiloStatus
{
    /// <summary>Not in the table.</summary>
    None = 0,

    /// <summary>Started and written to the table; not yet taking grains.</summary>
    Joining = 1,

    /// <summary>A full member: hosts grains and owns directory partitions.</summary>
    Active = 2,

    /// <summary>Leaving gracefully: deactivating its grains and handing off its directory partitions.</summary>
    ShuttingDown = 3,

    /// <summary>Gone, by its own leave or declared dead by the others. A silo that reads itself dead stops.</summary>
    Dead = 4,
}
