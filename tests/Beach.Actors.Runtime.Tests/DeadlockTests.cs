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
    public async Task A_read_only_call_back_into_a_reading_grain_passes_a_writer_queued_there()
    {
        await using var silo = await TestSilo.StartAsync();
        var origin = silo.Grains.GetGrain<IReaderGrain>(1);

        var asking = origin.AskOther(2);
        await Probe.WaitUntil(() => silo.Probe.Inside == 1);
        var writing = origin.Write(); // waits for the reader: the reader's call back must not wait behind it
        silo.Probe.Release();

        (await asking.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe("reader/1");
        await writing.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Calls_along_a_chain_without_a_cycle_succeed()
    {
        await using var silo = await TestSilo.StartAsync();

        var answer = await silo.Grains.GetGrain<ICycleGrain>(10).CallThrough(11, 12);

        answer.ShouldBe("cycle/12");
    }
}
