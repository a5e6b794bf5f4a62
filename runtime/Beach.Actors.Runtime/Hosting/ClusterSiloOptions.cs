namespace Beach.Actors.Runtime.Hosting;

/// <summary>What a silo says about itself when it joins a cluster.</summary>
public sealed class ClusterSiloOptions
{
    /// <summary>A name for logs and the membership table; the machine name unless set.</summary>
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>The port cluster clients connect to, or 0 when this silo takes no clients.</summary>
    public int GatewayPort { get; set; }
}
