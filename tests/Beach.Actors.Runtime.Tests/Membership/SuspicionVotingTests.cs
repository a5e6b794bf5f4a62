using System.Collections.Immutable;
using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Membership;

namespace Beach.Actors.Runtime.Tests.Membership;

public sealed class SuspicionVotingTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MembershipOptions Options = new();
    private static readonly SiloAddress A = Silo(1), B = Silo(2), C = Silo(3), D = Silo(4);

    [Fact]
    public void A_first_vote_is_recorded_without_declaring_death()
    {
        var vote = SuspicionVoting.Decide(Table(Row(A), Row(B), Row(C)), A, C, Now, Options)!;

        vote.DeclaresDead.ShouldBeFalse();
        vote.Updated.Suspicions.ShouldBe([new SuspectVote(A, Now)]);
        (vote.Votes, vote.Needed).ShouldBe((1, 2));
    }

    [Fact]
    public void The_vote_that_completes_the_count_declares_the_suspect_dead()
    {
        var vote = SuspicionVoting.Decide(Table(Row(A), Row(B), Row(C, votes: [new SuspectVote(B, Now.AddSeconds(-10))])), A, C, Now, Options)!;

        vote.DeclaresDead.ShouldBeTrue();
        vote.Updated.Suspicions.Select(v => v.Voter).ShouldBe([B, A]);
    }

    [Fact]
    public void Votes_older_than_the_expiry_do_not_count_and_are_dropped()
    {
        var expired = new SuspectVote(B, Now - Options.VoteExpiry);
        var vote = SuspicionVoting.Decide(Table(Row(A), Row(B), Row(C, votes: [expired])), A, C, Now, Options)!;

        vote.DeclaresDead.ShouldBeFalse();
        vote.Updated.Suspicions.ShouldBe([new SuspectVote(A, Now)]);
    }

    [Fact]
    public void Votes_of_dead_silos_do_not_count()
    {
        var vote = SuspicionVoting.Decide(Table(Row(A), Row(B, SiloStatus.Dead), Row(C), Row(D, votes: [new SuspectVote(B, Now)])), A, D, Now, Options)!;

        vote.DeclaresDead.ShouldBeFalse();
    }

    [Fact]
    public void A_voter_whose_fresh_vote_is_already_recorded_writes_nothing_until_it_would_complete_the_count()
    {
        var table = Table(Row(A), Row(B), Row(C, votes: [new SuspectVote(A, Now.AddSeconds(-5))]));

        SuspicionVoting.Decide(table, A, C, Now, Options).ShouldBeNull();
    }

    [Fact]
    public void The_needed_votes_are_capped_at_the_other_active_silos()
    {
        var vote = SuspicionVoting.Decide(Table(Row(A), Row(B)), A, B, Now, Options)!;

        vote.Needed.ShouldBe(1);
        vote.DeclaresDead.ShouldBeTrue();
    }

    [Fact]
    public void Nothing_is_written_about_a_dead_silo_or_by_a_voter_that_is_not_active()
    {
        SuspicionVoting.Decide(Table(Row(A), Row(B), Row(C, SiloStatus.Dead)), A, C, Now, Options).ShouldBeNull();
        SuspicionVoting.Decide(Table(Row(A, SiloStatus.ShuttingDown), Row(B), Row(C)), A, C, Now, Options).ShouldBeNull();
    }

    [Fact]
    public void A_silo_that_is_leaving_gracefully_is_not_voted_on()
    {
        SuspicionVoting.Decide(Table(Row(A), Row(B), Row(C, SiloStatus.ShuttingDown)), A, C, Now, Options).ShouldBeNull();
    }

    private static SiloAddress Silo(int port) => new("127.0.0.1", port, 1);

    private static MembershipRow Row(SiloAddress silo, SiloStatus status = SiloStatus.Active, ImmutableArray<SuspectVote> votes = default) =>
        new(new MembershipEntry(silo, status, silo.ToString(), 0, Now, Now, votes.IsDefault ? [] : votes), "1");

    private static MembershipTableData Table(params MembershipRow[] rows) => new([.. rows], new TableVersion(rows.Length, "v"));
}
