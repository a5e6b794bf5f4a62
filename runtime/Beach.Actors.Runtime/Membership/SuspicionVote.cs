using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Membership;

/// <summary>A vote to write: the row as read, the row to write in its place, and the count it makes.</summary>
/// <param name="Row">The suspect's row as read; its ETag guards the write.</param>
/// <param name="Updated">The row with the vote added and expired votes dropped; <c>Dead</c> when <paramref name="Votes"/> reached <paramref name="Needed"/>.</param>
/// <param name="Votes">Fresh votes with this one.</param>
/// <param name="Needed">Votes that declare the suspect dead.</param>
internal sealed record SuspicionVote(MembershipRow Row, MembershipEntry Updated, int Votes, int Needed)
{
    public bool DeclaresDead => Updated.Status == SiloStatus.Dead;
}
