using Beach.Actors.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Runtime.Tests.Cluster;

[Collection(TimingSensitiveCollection.NAME)]
public sealed class ClusterRoutingTests
{
    private const int GRAINS = 3_000;

    [Fact]
    public async Task Grains_called_from_every_silo_have_exactly_one_activation_across_the_cluster()
    {
        await using var cluster = new InProcessCluster();
        for (var i = 0; i < 3; i++)
        {
            await cluster.AddSiloAsync();
        }

        var members = cluster.Members.ToList();
        var calls = new List<Task<int>>();
        for (var i = 0; i < GRAINS; i++)
        {
            foreach (var member in members)
            {
                calls.Add(member.Grains.GetGrain<ITurnGrain>($"g-{i}").Touch());
            }
        }

        await Task.WhenAll(calls);

        for (var i = 0; i < GRAINS; i++)
        {
            var grain = new GrainId("turn", $"g-{i}");
            members.Count(member => member.Hosts(grain)).ShouldBe(1, $"activations of {grain}");
        }

        members.ShouldAllBe(member => member.GrainCount > GRAINS / 6, "random placement spreads the grains");

        // Every call reached the one activation: each grain counted its three touches.
        var counts = await Task.WhenAll(Enumerable.Range(0, GRAINS).Select(i => members[0].Grains.GetGrain<ITurnGrain>($"g-{i}").Touch()));
        counts.ShouldAllBe(count => count == 4);
    }

    [Fact]
    public async Task A_grain_on_a_killed_silo_comes_back_elsewhere_with_its_persisted_state()
    {
        await using var cluster = new InProcessCluster();
        for (var i = 0; i < 3; i++)
        {
            await cluster.AddSiloAsync();
        }

        var members = cluster.Members.ToList();
        for (var i = 0; i < 300; i++)
        {
            await members[i % 3].Grains.GetGrain<IStateGrain>($"s-{i}").Set(i);
        }

        var victim = members[1];
        var onVictim = Enumerable.Range(0, 300).Where(i => victim.Hosts(new GrainId("state", $"s-{i}"))).ToList();
        onVictim.ShouldNotBeEmpty();
        await cluster.KillAsync(victim);
        var survivors = cluster.Members.ToList();

        foreach (var i in onVictim)
        {
            (await survivors[i % 2].Grains.GetGrain<IStateGrain>($"s-{i}").Get()).ShouldBe(i);
        }

        foreach (var i in Enumerable.Range(0, 300))
        {
            survivors.Count(member => member.Hosts(new GrainId("state", $"s-{i}"))).ShouldBeLessThanOrEqualTo(1);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_silo_that_joins_takes_over_its_part_of_the_directory_and_grains_keep_one_activation(bool newcomerLearnsLast)
    {
        await using var cluster = new InProcessCluster();
        var first = await cluster.AddSiloAsync();
        for (var i = 0; i < 500; i++)
        {
            await first.Grains.GetGrain<ITurnGrain>($"j-{i}").Touch();
        }

        // Learning last, the newcomer gets the handoff while its own view does not yet hold the first silo.
        var second = await cluster.AddSiloAsync(newcomerLearnsLast);
        await Probe.WaitUntil(() => second.Directory.Partition.Count > 0);

        var counts = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => second.Grains.GetGrain<ITurnGrain>($"j-{i}").Touch()));

        counts.ShouldAllBe(count => count == 2, "every call reached the activation made before the join");
        second.GrainCount.ShouldBe(0);
        (first.Directory.Partition.Count + second.Directory.Partition.Count).ShouldBe(500);
    }

    /// <summary>
    /// The graceful-leave race: a leaving silo hands its directory partition on as soon as it knows it is leaving, but
    /// silos that have not heard yet still send it registrations and lookups. Answering them from its now empty
    /// partition would let a second activation register there beside the one the new owner holds; it passes them on.
    /// </summary>
    [Fact]
    public async Task A_leaving_silo_passes_directory_calls_that_still_reach_it_to_the_next_owner()
    {
        await using var cluster = new InProcessCluster();
        var stays = await cluster.AddSiloAsync();
        var leaving = await cluster.AddSiloAsync();
        var learns = await cluster.AddSiloAsync();
        var keys = Enumerable.Range(0, 300).Select(i => $"l-{i}").ToList();
        await Task.WhenAll(keys.Select(key => stays.Grains.GetGrain<ITurnGrain>(key).Touch()));

        // Drained: its grains deactivate and unregister; nothing new activates there.
        leaving.Router.Drain();
        await leaving.Host.Services.GetRequiredService<Hosting.Silo>().StopAsync(CancellationToken.None);
        leaving.GrainCount.ShouldBe(0);
        var ownedByLeaving = keys.Count(key => stays.Views.Current.Ring.OwnerOf(new GrainId("turn", key)) == leaving.Address);
        ownedByLeaving.ShouldBeGreaterThan(0);

        // It learns that it leaves, and so does one other silo; the first still routes by the view with it.
        cluster.BeginLeave(leaving, unaware: stays);
        await leaving.Directory.HandOffsDelivered;
        leaving.Directory.Partition.Count.ShouldBe(0);

        var throughUnaware = await Task.WhenAll(keys.Select(key => stays.Grains.GetGrain<ITurnGrain>(key).Touch()));
        var throughInformed = await Task.WhenAll(keys.Select(key => learns.Grains.GetGrain<ITurnGrain>(key).Touch()));

        leaving.Directory.Partition.Count.ShouldBe(0, "nothing registered at the silo that handed its partition on");
        throughInformed.Zip(throughUnaware, (informed, unaware) => informed - unaware)
            .ShouldAllBe(step => step == 1, "whichever view a call was routed by, it reached the one activation of its grain");
    }

    /// <summary>
    /// The join race: a silo that knows of a newcomer first sends it calls for its new part of the ring before the old
    /// owner, which has not heard yet, has handed the entries over; the newcomer, finding nothing, lets a second
    /// activation register. When the handoff arrives, the activation it names loses to the one registered since and
    /// is told to go, so one activation per grain is left.
    /// </summary>
    [Fact]
    public async Task An_activation_whose_handed_over_entry_lost_to_a_newer_one_deactivates()
    {
        await using var cluster = new InProcessCluster();
        var first = await cluster.AddSiloAsync();
        var second = await cluster.AddSiloAsync();
        var keys = Enumerable.Range(0, 300).Select(i => $"n-{i}").ToList();
        await Task.WhenAll(keys.Select(key => first.Grains.GetGrain<ITurnGrain>(key).Touch()));

        // The newcomer and the second silo learn of the join; the first, which owns half the old ring, does not yet.
        var newcomer = await cluster.AddSiloSeenByAsync(second);

        await Task.WhenAll(keys.Select(key => second.Grains.GetGrain<ITurnGrain>(key).Touch()));
        cluster.PublishViewTo(first);
        await first.Directory.HandOffsDelivered;

        await Probe.WaitUntil(() => keys.All(key => cluster.Members.Count(member => member.Hosts(new GrainId("turn", key))) == 1));
        newcomer.Directory.Partition.Count.ShouldBeGreaterThan(0);
    }
}
