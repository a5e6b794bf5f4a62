using System.Collections.Immutable;

namespace Beach.Actors.Cluster;

/// <summary>One silo's row in the membership table.</summary>
/// <param name="Silo">The silo incarnation.</param>
/// <param name="Status">Its status.</param>
/// <param name="Name">A human name for logs (for example the host name or pod name).</param>
/// <param name="GatewayPort">The port cluster clients connect to, or 0 when the silo takes no clients.</param>
/// <param name="StartedAt">When the silo started.</param>
/// <param name="IAmAliveAt">The last time the silo wrote that it is alive.</param>
/// <param name="Suspicions">Votes of other silos that this one missed their probes, oldest first.</param>
public sealed record MembershipEntry(
    SiloAddress Silo,
    SiloStatus Status,
    string Name,
    int GatewayPort,
    DateTimeOffset StartedAt,
    DateTimeOffset IAmAliveAt,
    ImmutableArray<SuspectVote> Suspicions)
{
    /// <summary>The entry with <paramref name="vote"/> added.</summary>
    public MembershipEntry WithVote(SuspectVote vote) => this with { Suspicions = Suspicions.Add(vote) };
}

/// <summary>A vote by <paramref name="Voter"/>, cast at <paramref name="At"/>, that the silo it is recorded on did not answer its probes.</summary>
public readonly record struct SuspectVote(SiloAddress Voter, DateTimeOffset At);
