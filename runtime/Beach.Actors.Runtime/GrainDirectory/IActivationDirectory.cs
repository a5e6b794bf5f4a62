using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.GrainDirectory;

/// <summary>
/// What an activation asks of the grain directory: to be the grain's one activation, and to be forgotten when it goes.
/// One silo needs nothing (its catalog is the directory, see <see cref="LocalActivationDirectory"/>); a cluster
/// registers with the silo that owns the grain's directory partition, first wins.
/// </summary>
internal interface IActivationDirectory
{
    /// <summary>
    /// Registers the activation before the grain is created. Null when it is the grain's activation; otherwise the
    /// silo of the activation that won, where this one's messages go instead.
    /// </summary>
    ValueTask<SiloAddress?> RegisterAsync(GrainId grain, long activationId);

    /// <summary>Forgets the activation, unless a newer one of the grain registered since.</summary>
    ValueTask UnregisterAsync(GrainId grain, long activationId);
}

/// <summary>The single silo's directory: its catalog already keeps one activation per grain.</summary>
internal sealed class LocalActivationDirectory : IActivationDirectory
{
    public static readonly LocalActivationDirectory Instance = new();

    public ValueTask<SiloAddress?> RegisterAsync(GrainId grain, long activationId) => ValueTask.FromResult<SiloAddress?>(null);

    public ValueTask UnregisterAsync(GrainId grain, long activationId) => ValueTask.CompletedTask;
}

/// <summary>Thrown inside activation when another silo's activation of the grain won the directory registration.</summary>
internal sealed class DuplicateActivationException(GrainId grain, SiloAddress winner)
    : Exception($"{grain} already has an activation on {winner}; this one stands down and its messages go there.")
{
    public SiloAddress Winner { get; } = winner;
}
