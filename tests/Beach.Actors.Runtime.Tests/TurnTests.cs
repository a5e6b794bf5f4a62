using Beach.Actors.Runtime.Tests.Grains;

namespace Beach.Actors.Runtime.Tests;

public sealed class TurnTests
{
    [Fact]
    public async Task Thousand_concurrent_calls_to_a_non_reentrant_grain_never_overlap()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("one");

        var results = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(_ => Task.Run(() => grain.Touch())));

        silo.Probe.MaxInside.ShouldBe(1);
        results.Order().ShouldBe(Enumerable.Range(1, 1_000));
    }

    [Fact]
    public async Task Read_only_calls_overlap_each_other()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("readers");

        var first = grain.HoldReadOnly();
        var second = grain.HoldReadOnly();
        await Probe.WaitUntil(() => silo.Probe.Inside == 2);
        silo.Probe.Release();
        await Task.WhenAll(first, second);

        silo.Probe.MaxInside.ShouldBe(2);
    }

    [Fact]
    public async Task A_writer_waits_for_the_writer_before_it()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("writers");

        var first = grain.Hold();
        var second = grain.Hold();
        await Probe.WaitUntil(() => silo.Probe.Inside == 1);
        (await grain.Peek()).ShouldBe(0); // [AlwaysInterleave] gets in while the writer waits
        silo.Probe.Inside.ShouldBe(1);
        second.IsCompleted.ShouldBeFalse();

        silo.Probe.Release();
        await Task.WhenAll(first, second);
        silo.Probe.MaxInside.ShouldBe(1);
    }

    [Fact]
    public async Task A_reentrant_grain_interleaves_requests()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IReentrantTurnGrain>(Guid.NewGuid());

        var calls = Enumerable.Range(0, 3).Select(_ => grain.Hold()).ToArray();
        await Probe.WaitUntil(() => silo.Probe.Inside == 3);
        silo.Probe.Release();
        await Task.WhenAll(calls);

        silo.Probe.MaxInside.ShouldBe(3);
    }

    [Fact]
    public async Task A_silo_at_its_activation_limit_refuses_new_activations_with_overloaded()
    {
        await using var silo = await TestSilo.StartAsync(configure: options => options.MaxActivations = 2);
        await silo.Grains.GetGrain<ITurnGrain>("a").Touch();
        await silo.Grains.GetGrain<ITurnGrain>("b").Touch();

        await Should.ThrowAsync<OverloadedException>(() => silo.Grains.GetGrain<ITurnGrain>("c").Touch());
        (await silo.Grains.GetGrain<ITurnGrain>("a").Touch()).ShouldBe(2); // existing activations still answer
    }

    [Fact]
    public async Task A_full_activation_queue_refuses_with_overloaded()
    {
        await using var silo = await TestSilo.StartAsync(configure: options => options.MaxEnqueuedRequestsPerActivation = 4);
        var grain = silo.Grains.GetGrain<ITurnGrain>("busy");

        var holding = grain.Hold();
        await Probe.WaitUntil(() => silo.Probe.Inside == 1);
        var queued = Enumerable.Range(0, 4).Select(_ => grain.Touch()).ToArray();

        var refused = await Should.ThrowAsync<OverloadedException>(() => grain.Touch());
        refused.RetryAfter.ShouldBeGreaterThan(TimeSpan.Zero);

        silo.Probe.Release();
        await holding;
        (await Task.WhenAll(queued)).Order().ShouldBe([1, 2, 3, 4]);
    }
}
