namespace Beach.Actors.Runtime.Hosting;

/// <summary>What a silo says about itself when it joins a cluster.</summary>
public sealed class ClusterSiloOptions
{
    /// <summary>A name for logs and the membership table; the machine name unless set.</summary>
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>
    /// Whether cluster clients (the gateway process, harness sidecars) may connect. They use the silo port; the
    /// membership row then names it as the silo's gateway port, which is how clients find their gateways.
    /// </summary>
    public bool AcceptClients { get; set; } = true;
}
