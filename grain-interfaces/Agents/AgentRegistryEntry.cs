using System.Collections.Immutable;

namespace Beach.Actors.Agents;

/// <summary>One agent in its tenant's registry: what listing and the duplicate check need, nothing more.</summary>
[Immutable]
public sealed record AgentRegistryEntry(
    string AgentId,
    string Name,
    string Version,
    string Type,
    AgentStatus Status,
    AgentSource Source,
    string? ManifestPath,
    DateTimeOffset UpdatedAt);

/// <summary>A listing: filters, and a cursor (the last agent id of the page before) in agent-id order.</summary>
[Immutable]
public sealed record AgentQuery(string? Type, AgentStatus? Status, string? NamePrefix, string? After, int Limit);

/// <summary>A page of a listing; <see cref="NextCursor"/> is null on the last page.</summary>
[Immutable]
public sealed record AgentPage(ImmutableArray<AgentRegistryEntry> Agents, string? NextCursor, int Total);
