using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Membership;

/// <summary>What this silo writes about itself in its membership row.</summary>
/// <param name="Address">This silo incarnation.</param>
/// <param name="Name">A human name for logs (host or pod name).</param>
/// <param name="GatewayPort">The port cluster clients connect to, or 0 when the silo takes no clients.</param>
internal sealed record LocalSiloDetails(SiloAddress Address, string Name, int GatewayPort);
