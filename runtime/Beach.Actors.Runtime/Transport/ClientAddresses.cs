using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Transport;

/// <summary>
/// Cluster clients (the gateway, the harness) speak the silo protocol too, under an address that no silo has: a
/// <c>client-…</c> host and port 0, so nothing ever dials it. A silo routes a client's calls through the cluster
/// instead of treating them as meant for itself.
/// </summary>
internal static class ClientAddresses
{
    private const string HOST_PREFIX = "client-";

    public static SiloAddress New() => new(HOST_PREFIX + Guid.NewGuid().ToString("N")[..12], 0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    public static bool IsClient(SiloAddress address) => address.Port == 0 && address.Host.StartsWith(HOST_PREFIX, StringComparison.Ordinal);
}
