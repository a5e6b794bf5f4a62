using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Tests.Membership;

[Collection(TimingSensitiveCollection.NAME)]
public sealed class MembershipServiceTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Three_silos_join_and_each_publishes_a_view_with_all_three_active()
    {
        await using var cluster = new MembershipCluster();
        var a = await cluster.StartSiloAsync(1);
        var b = await cluster.StartSiloAsync(2);
        var c = await cluster.StartSiloAsync(3);

        await cluster.AdvanceAsync(cluster.Options.TableRefreshPeriod * 2);

        foreach (var member in cluster.Members)
        {
            member.Sees(a, b, c).ShouldBeTrue($"view of {member.Address}");
            member.Views.Current.Version.ShouldBe(cluster.ReadTable().Version.Version);
            cluster.RowOf(member).Status.ShouldBe(SiloStatus.Active);
            cluster.Table.WrittenFor(member.Address).Select(entry => entry.Status).ShouldBe([SiloStatus.Joining, SiloStatus.Active]);
            member.Published.Select(view => view.Version).ShouldBeInOrder(SortDirection.Ascending);
        }

        // A joining silo is in no view: the first view of the second silo (written at its own Joining) has only the first.
        b.Published[0].Active.ShouldBe([a.Address]);
    }

    [Fact]
    public async Task A_killed_silo_is_declared_dead_by_votes_within_the_detection_time_and_leaves_every_view()
    {
        await using var cluster = new MembershipCluster();
        var a = await cluster.StartSiloAsync(1);
        var b = await cluster.StartSiloAsync(2);
        var c = await cluster.StartSiloAsync(3);
        await cluster.AdvanceAsync(Second);

        // Out of phase with the probe rounds, so the kill falls between two of them.
        await cluster.AdvanceAsync(TimeSpan.FromMilliseconds(37));
        await cluster.KillAsync(c);
        var detected = await cluster.AdvanceUntilAsync(() => a.Sees(a, b) && b.Sees(a, b), cluster.Options.FailureDetectionTime * 2);

        detected.ShouldBeLessThanOrEqualTo(cluster.Options.FailureDetectionTime);
        var row = cluster.RowOf(c);
        row.Status.ShouldBe(SiloStatus.Dead);
        row.Suspicions.Select(vote => vote.Voter).ShouldBe([a.Address, b.Address], ignoreOrder: true);
        cluster.Table.WrittenFor(c.Address).Count(entry => entry.Status == SiloStatus.Dead).ShouldBe(1);
        cluster.RowOf(a).Status.ShouldBe(SiloStatus.Active);
        cluster.RowOf(b).Status.ShouldBe(SiloStatus.Active);
        a.DeathReasons.ShouldBeEmpty();
        b.DeathReasons.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_silo_cut_off_from_the_others_is_declared_dead_reads_itself_dead_and_stops()
    {
        await using var cluster = new MembershipCluster();
        var a = await cluster.StartSiloAsync(1);
        var b = await cluster.StartSiloAsync(2);
        var c = await cluster.StartSiloAsync(3);
        await cluster.AdvanceAsync(Second);

        cluster.Network.CutOff(c.Address);
        var detected = await cluster.AdvanceUntilAsync(() => !c.DeathReasons.IsEmpty, cluster.Options.FailureDetectionTime * 2);

        detected.ShouldBeLessThanOrEqualTo(cluster.Options.FailureDetectionTime + cluster.Options.TableRefreshPeriod);
        c.DeathReasons.Count.ShouldBe(1);
        c.DeathReasons.Single().ShouldContain("Dead");
        c.Service.IsRunning.ShouldBeFalse();
        cluster.RowOf(c).Status.ShouldBe(SiloStatus.Dead);

        // Its one vote each against the others (it missed their probes too) never made them dead.
        await cluster.AdvanceUntilAsync(() => a.Sees(a, b) && b.Sees(a, b), cluster.Options.TableRefreshPeriod * 2);
        cluster.RowOf(a).Status.ShouldBe(SiloStatus.Active);
        cluster.RowOf(b).Status.ShouldBe(SiloStatus.Active);

        // Its loops have stopped: no more I-am-alive, no more views, nothing more written by it.
        var lastAlive = cluster.RowOf(c).IAmAliveAt;
        var published = c.Published.Count;
        var writes = cluster.Table.Written.Count;
        await cluster.AdvanceAsync(Second);
        cluster.RowOf(c).IAmAliveAt.ShouldBe(lastAlive);
        c.Published.Count.ShouldBe(published);
        cluster.Table.Written.Count.ShouldBe(writes);
        c.DeathReasons.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_cut_off_silo_casts_no_vote_so_it_cannot_join_a_false_suspicion_of_a_healthy_silo()
    {
        await using var cluster = new MembershipCluster();
        var a = await cluster.StartSiloAsync(1);
        var b = await cluster.StartSiloAsync(2);
        var c = await cluster.StartSiloAsync(3);
        var d = await cluster.StartSiloAsync(4);
        await cluster.AdvanceAsync(Second);

        // b wrongly suspects a (its probes to a fail), while c reaches nobody (though it still answers). Two votes would
        // kill a; c, reaching nobody, takes itself for the cut-off one and casts none, so a lives.
        cluster.Network.Block(b.Address, a.Address);
        foreach (var other in new[] { a, b, d })
        {
            cluster.Network.Block(c.Address, other.Address);
        }

        await cluster.AdvanceAsync(cluster.Options.FailureDetectionTime * 3);

        cluster.RowOf(a).Status.ShouldBe(SiloStatus.Active, "a cut-off silo's vote must not complete a false suspicion");
        cluster.Table.WrittenFor(a.Address).SelectMany(entry => entry.Suspicions).ShouldContain(vote => vote.Voter == b.Address);
        cluster.Table.WrittenFor(a.Address).SelectMany(entry => entry.Suspicions).ShouldNotContain(vote => vote.Voter == c.Address);
        d.Sees(a, b, c, d).ShouldBeTrue();
    }

    [Fact]
    public async Task A_silo_that_leaves_goes_shutting_down_then_dead_and_leaves_the_views_without_votes()
    {
        await using var cluster = new MembershipCluster();
        var a = await cluster.StartSiloAsync(1);
        var b = await cluster.StartSiloAsync(2);
        var c = await cluster.StartSiloAsync(3);
        await cluster.AdvanceAsync(Second);

        await c.Service.BeginLeaveAsync(CancellationToken.None);
        cluster.RowOf(c).Status.ShouldBe(SiloStatus.ShuttingDown);
        c.Views.Current.IsActive(c.Address).ShouldBeFalse("a leaving silo hands its part of the ring off at once");
        await c.Service.LeaveAsync(CancellationToken.None);
        cluster.Network.Kill(c.Address);
        await cluster.AdvanceAsync(cluster.Options.FailureDetectionTime);

        cluster.Table.WrittenFor(c.Address).Select(entry => entry.Status)
            .ShouldBe([SiloStatus.Joining, SiloStatus.Active, SiloStatus.ShuttingDown, SiloStatus.Dead]);
        cluster.RowOf(c).Suspicions.ShouldBeEmpty();
        c.Service.IsRunning.ShouldBeFalse();
        c.DeathReasons.ShouldBeEmpty();
        a.Sees(a, b).ShouldBeTrue();
        b.Sees(a, b).ShouldBeTrue();
    }

    [Fact]
    public async Task Silos_voting_at_once_all_get_their_votes_recorded_and_exactly_one_writes_dead()
    {
        var options = Beach.Actors.Runtime.Membership.MembershipOptions.ForTests();
        options.VotesForDeath = 4;
        await using var cluster = new MembershipCluster(options);
        var voters = new List<MembershipCluster.Member>();
        for (var port = 1; port <= 4; port++)
        {
            voters.Add(await cluster.StartSiloAsync(port));
        }

        var victim = await cluster.StartSiloAsync(5);
        await cluster.AdvanceAsync(Second);

        cluster.Table.HoldNextUpdates(voters.Count);
        await cluster.KillAsync(victim);
        await cluster.AdvanceUntilAsync(() => voters.All(voter => !voter.Views.Current.IsActive(victim.Address)), cluster.Options.FailureDetectionTime * 2);

        cluster.Table.Conflicts.ShouldBeGreaterThanOrEqualTo(voters.Count - 1, "the held votes raced for one version");
        var row = cluster.RowOf(victim);
        row.Status.ShouldBe(SiloStatus.Dead);
        row.Suspicions.Select(vote => vote.Voter).ShouldBe(voters.Select(voter => voter.Address), ignoreOrder: true);
        var written = cluster.Table.WrittenFor(victim.Address);
        written.Count(entry => entry.Status == SiloStatus.Dead).ShouldBe(1);
        written.Where(entry => entry.Status == SiloStatus.Active).Select(entry => entry.Suspicions.Length).ShouldBe([0, 1, 2, 3]);
        voters.ShouldAllBe(voter => cluster.RowOf(voter).Status == SiloStatus.Active);
    }

    [Fact]
    public async Task The_survivor_of_a_two_silo_cluster_declares_the_other_dead_with_its_own_vote()
    {
        await using var cluster = new MembershipCluster();
        var a = await cluster.StartSiloAsync(1);
        var b = await cluster.StartSiloAsync(2);
        await cluster.AdvanceAsync(Second);

        await cluster.KillAsync(b);
        var detected = await cluster.AdvanceUntilAsync(() => a.Sees(a), cluster.Options.FailureDetectionTime * 2);

        detected.ShouldBeLessThanOrEqualTo(cluster.Options.FailureDetectionTime);
        cluster.RowOf(b).Status.ShouldBe(SiloStatus.Dead);
        cluster.RowOf(b).Suspicions.Select(vote => vote.Voter).ShouldBe([a.Address]);
    }

    [Fact]
    public async Task A_silo_that_misses_fewer_probes_than_the_limit_stays_active()
    {
        await using var cluster = new MembershipCluster();
        var a = await cluster.StartSiloAsync(1);
        var b = await cluster.StartSiloAsync(2);
        var c = await cluster.StartSiloAsync(3);
        await cluster.AdvanceAsync(Second);

        cluster.Network.Kill(c.Address);
        await cluster.AdvanceAsync(cluster.Options.ProbePeriod * (cluster.Options.MissedProbesLimit - 1));
        cluster.Network.Heal(c.Address);
        await cluster.AdvanceAsync(cluster.Options.FailureDetectionTime * 2);

        cluster.RowOf(c).Status.ShouldBe(SiloStatus.Active);
        cluster.RowOf(c).Suspicions.ShouldBeEmpty();
        foreach (var member in cluster.Members)
        {
            member.Sees(a, b, c).ShouldBeTrue();
        }
    }

    [Fact]
    public async Task A_restarted_silo_on_the_same_endpoint_makes_its_old_row_dead()
    {
        await using var cluster = new MembershipCluster();
        var a = await cluster.StartSiloAsync(1);
        var old = await cluster.StartSiloAsync(2, generation: 1);
        await cluster.AdvanceAsync(Second);

        // The old process crashed and came straight back, before anyone noticed.
        await old.Service.StopAsync();
        var restarted = await cluster.StartSiloAsync(2, generation: 2);

        cluster.RowOf(old).Status.ShouldBe(SiloStatus.Dead);
        cluster.RowOf(old).Suspicions.ShouldBeEmpty();
        cluster.RowOf(restarted).Status.ShouldBe(SiloStatus.Active);
        restarted.Sees(a, restarted).ShouldBeTrue();
        await cluster.AdvanceAsync(cluster.Options.TableRefreshPeriod * 2);
        a.Sees(a, restarted).ShouldBeTrue();
    }

    [Fact]
    public async Task An_old_incarnation_still_running_reads_itself_dead_when_its_endpoint_restarts()
    {
        await using var cluster = new MembershipCluster();
        var a = await cluster.StartSiloAsync(1);
        var old = await cluster.StartSiloAsync(2, generation: 1);
        await cluster.AdvanceAsync(Second);

        await cluster.StartSiloAsync(2, generation: 2);
        await cluster.AdvanceAsync(cluster.Options.TableRefreshPeriod * 2);

        old.DeathReasons.Count.ShouldBe(1);
        old.Service.IsRunning.ShouldBeFalse();
        a.DeathReasons.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_silo_that_went_silent_while_nobody_probed_it_is_declared_dead_by_its_age()
    {
        await using var cluster = new MembershipCluster();
        var a = await cluster.StartSiloAsync(1);
        var stuck = cluster.CreateSilo(2);
        var version = cluster.ReadTable().Version;

        // A silo that wrote Joining and died: nobody probes a joining silo.
        (await cluster.Inner.InsertRowAsync(
            new MembershipEntry(stuck.Address, SiloStatus.Joining, "stuck", 0, cluster.Clock.GetUtcNow(), cluster.Clock.GetUtcNow(), []),
            version.Next(),
            CancellationToken.None)).ShouldBeTrue();

        await cluster.AdvanceAsync(cluster.Options.IAmAliveDeathAge - cluster.Options.TableRefreshPeriod);
        cluster.RowOf(stuck).Status.ShouldBe(SiloStatus.Joining);
        await cluster.AdvanceAsync(cluster.Options.TableRefreshPeriod * 2);

        cluster.RowOf(stuck).Status.ShouldBe(SiloStatus.Dead);
        cluster.RowOf(a).Status.ShouldBe(SiloStatus.Active);
        a.Sees(a).ShouldBeTrue();
    }

    [Fact]
    public async Task Rows_dead_longer_than_the_defunct_age_are_deleted()
    {
        await using var cluster = new MembershipCluster();
        var a = await cluster.StartSiloAsync(1);
        var b = await cluster.StartSiloAsync(2);
        await cluster.AdvanceAsync(Second);
        await b.Service.LeaveAsync(CancellationToken.None);

        await cluster.AdvanceAsync(cluster.Options.DefunctRowAge + cluster.Options.DefunctCleanupPeriod * 2);

        cluster.ReadTable().Find(b.Address).ShouldBeNull();
        cluster.RowOf(a).Status.ShouldBe(SiloStatus.Active);
        a.DeathReasons.ShouldBeEmpty();
    }
}
