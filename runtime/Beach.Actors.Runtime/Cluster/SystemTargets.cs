using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Cluster;

/// <summary>
/// System grains: the runtime's own grains that live on one named silo each (their key is the silo's address), never
/// placed and never in the directory. Silos call each other's directory and reminder services through them, over the
/// same call path as any grain.
/// </summary>
internal static class SystemTargets
{
    public const string PREFIX = "sys.";

    public static bool IsSystem(GrainId grain) => grain.Type is not null && grain.Type.StartsWith(PREFIX, StringComparison.Ordinal);

    /// <summary>The silo a system grain lives on.</summary>
    public static bool TryGetSilo(GrainId grain, out SiloAddress silo)
    {
        silo = default;
        if (!IsSystem(grain))
        {
            return false;
        }

        silo = SiloAddress.Parse(grain.Key);
        return true;
    }
}
