using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Membership;

/// <summary>
/// Asks another silo whether it is alive. Membership counts every probe that fails or does not answer in time as a
/// missed probe; enough missed probes in a row become a suspicion vote. The real prober pings over the silo-to-silo
/// TCP transport.
/// </summary>
internal interface ISiloProber
{
    /// <summary>Completes when <paramref name="target"/> answered within <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">The target did not answer in time (any other failure counts the same).</exception>
    Task ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken);
}
