using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Membership;

namespace Beach.Actors.Runtime.Transport;

/// <summary>Membership's probes as pings over the silo-to-silo connections.</summary>
internal sealed class TransportProber(SiloConnectionManager connections) : ISiloProber
{
    public Task ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
        => connections.ProbeAsync(target, timeout, cancellationToken);
}
