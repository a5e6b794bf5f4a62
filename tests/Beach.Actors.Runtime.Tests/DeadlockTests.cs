using Beach.Actors.Runtime.Tests.Grains;

namespace Beach.Actors.Runtime.Tests;

public sealed class DeadlockTests
{
    [Fact]
    public async Task A_call_cycle_between_non_reentrant_grains_fails_naming_the_cycle()
    {
        await using var silo = await TestSilo.StartAsync();

        // 1 calls 2, 2 calls back 1: 1 is busy waiting on 2.
        var error = await Should.ThrowAsync<DeadlockException>(
            () => silo.Grains.GetGrain<ICycleGrain>(1).CallThrough(2, 1).WaitAsync(TimeSpan.FromSeconds(10)));

        error.Cycle.Select(id => id.Key).ShouldBe(["1", "2", "1"]);
        error.Message.ShouldContain("cycle/1 → cycle/2 → cycle/1");
    }

    [Fact]
    public async Task Calls_along_a_chain_without_a_cycle_succeed()
    {
        await using var silo = await TestSilo.StartAsync();

        var answer = await silo.Grains.GetGrain<ICycleGrain>(10).CallThrough(11, 12);

        answer.ShouldBe("cycle/12");
    }
}
