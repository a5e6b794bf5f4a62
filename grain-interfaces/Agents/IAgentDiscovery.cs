namespace Beach.Actors.Agents;

/// <summary>The silo's discovery scanner, where this process runs one (the embedded mode); the gateway's rescan route uses it.</summary>
public interface IAgentDiscovery
{
    /// <summary>Scans the manifest folder now (waiting for a scan already running) and returns its report.</summary>
    Task<AgentDiscoveryReport> ScanAsync(CancellationToken cancellationToken);
}
