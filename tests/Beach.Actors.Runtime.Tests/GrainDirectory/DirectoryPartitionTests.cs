using Beach.Actors.Cluster;
using Beach.Actors.Runtime.GrainDirectory;

namespace Beach.Actors.Runtime.Tests.GrainDirectory;

public sealed class DirectoryPartitionTests
{
    private static readonly SiloAddress A = new("127.0.0.1", 11111, 1);
    private static readonly SiloAddress B = new("127.0.0.1", 11112, 1);
    private static readonly GrainId Grain = new("session", "dev/s-1");

    [Fact]
    public void Concurrent_registrations_of_one_grain_agree_on_a_single_winner()
    {
        var partition = new GrainDirectoryPartition();
        using var start = new Barrier(8);
        var winners = new ActivationAddress[8];

        // Dedicated threads, not pool tasks: eight parties blocking at a barrier would starve a 2-core pool.
        var threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            winners[i] = partition.Register(new ActivationAddress(Grain, i % 2 == 0 ? A : B, i));
        })).ToList();
        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        winners.Distinct().ShouldHaveSingleItem();
        partition.Lookup(Grain).ShouldBe(winners[0]);
    }

    [Fact]
    public void An_old_activation_cannot_unregister_the_newer_one()
    {
        var partition = new GrainDirectoryPartition();
        var old = new ActivationAddress(Grain, A, 1);
        var newer = new ActivationAddress(Grain, B, 2);
        partition.Register(old);
        partition.Unregister(old).ShouldBeTrue();
        partition.Register(newer);

        partition.Unregister(old).ShouldBeFalse();

        partition.Lookup(Grain).ShouldBe(newer);
    }

    [Fact]
    public void An_entry_on_a_dead_silo_is_replaced_and_a_dead_silos_entries_are_dropped()
    {
        var partition = new GrainDirectoryPartition();
        partition.Register(new ActivationAddress(Grain, A, 1));
        partition.Register(new ActivationAddress(new GrainId("session", "dev/s-2"), A, 2));

        var replacement = partition.Register(new ActivationAddress(Grain, B, 3), isStale: existing => existing.Silo == A);

        replacement.Silo.ShouldBe(B);
        partition.RemoveSilo(A).ShouldBe(1);
        partition.Count.ShouldBe(1);
    }

    [Fact]
    public void When_a_silo_joins_the_entries_it_now_owns_are_split_off_and_merged_there()
    {
        var ownerBefore = new ConsistentRing([A]);
        var ownerAfter = new ConsistentRing([A, B]);
        var onA = new GrainDirectoryPartition();
        var onB = new GrainDirectoryPartition();
        var grains = Enumerable.Range(0, 1_000).Select(i => new GrainId("session", $"dev/s-{i}")).ToList();
        foreach (var grain in grains)
        {
            ownerBefore.OwnerOf(grain).ShouldBe(A);
            onA.Register(new ActivationAddress(grain, A, 1));
        }

        onB.Merge(onA.SplitOff(ownerAfter, A));

        (onA.Count + onB.Count).ShouldBe(1_000);
        onB.Count.ShouldBeGreaterThan(0);
        foreach (var grain in grains)
        {
            var owner = ownerAfter.OwnerOf(grain);
            (owner == A ? onA : onB).Lookup(grain).ShouldNotBeNull();
            (owner == A ? onB : onA).Lookup(grain).ShouldBeNull();
        }
    }
}
