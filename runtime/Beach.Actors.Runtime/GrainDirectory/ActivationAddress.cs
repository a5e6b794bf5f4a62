using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.GrainDirectory;

/// <summary>Where one activation of a grain lives: the silo and the activation's id, unique on that silo.</summary>
/// <param name="Grain">The grain.</param>
/// <param name="Silo">The silo that hosts the activation.</param>
/// <param name="ActivationId">The activation, so that an old activation's unregistration cannot remove a newer one's entry.</param>
internal readonly record struct ActivationAddress(GrainId Grain, SiloAddress Silo, long ActivationId)
{
    /// <inheritdoc />
    public override string ToString() => $"{Grain} on {Silo} (activation {ActivationId})";
}
