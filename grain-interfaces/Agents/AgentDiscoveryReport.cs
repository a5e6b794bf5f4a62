using System.Collections.Immutable;

namespace Beach.Actors.Agents;

/// <summary>What the last discovery scan of the silo's manifest folder found.</summary>
/// <param name="Folder">The folder scanned.</param>
/// <param name="ScannedAt">When the scan ended.</param>
/// <param name="Scan">How many scans ran since the silo started.</param>
/// <param name="Registered">Manifests registered by this scan, as Discovered.</param>
/// <param name="Unchanged">Manifests registered by an earlier scan.</param>
/// <param name="Rejected">Manifests refused, each with every reason (bounded; see <paramref name="RejectedOmitted"/>).</param>
/// <param name="RejectedOmitted">Rejections past the report's bound, counted but not listed.</param>
[Immutable]
public sealed record AgentDiscoveryReport(
    string Folder,
    DateTimeOffset ScannedAt,
    long Scan,
    ImmutableArray<DiscoveredAgent> Registered,
    ImmutableArray<DiscoveredAgent> Unchanged,
    ImmutableArray<RejectedManifest> Rejected,
    int RejectedOmitted);

/// <summary>A manifest that became (or already was) an agent.</summary>
[Immutable]
public sealed record DiscoveredAgent(string Path, string AgentId, string Name, string Version);

/// <summary>A manifest refused, and why: each field's problem, keyed by the manifest's own field name.</summary>
[Immutable]
public sealed record RejectedManifest(string Path, ImmutableDictionary<string, string> Reasons);
