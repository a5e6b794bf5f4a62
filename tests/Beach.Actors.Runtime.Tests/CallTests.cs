using System.Collections.Immutable;
using Beach.Actors.Runtime.Hosting;
using Beach.Actors.Runtime.Tests.Grains;
using Beach.Actors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Runtime.Tests;

public sealed class CallTests
{
    [Fact]
    public async Task A_call_without_a_response_times_out_as_outcome_unknown()
    {
        var clock = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(clock);
        var grain = silo.Grains.GetGrain<ITurnGrain>("slow");

        var call = grain.Hold();
        await Probe.WaitUntil(() => silo.Probe.Inside == 1);
        clock.Advance(TimeSpan.FromSeconds(SiloOptions.DEFAULT_RESPONSE_TIMEOUT_SECONDS) + TimeSpan.FromMilliseconds(SiloOptions.DEFAULT_TIMEOUT_SWEEP_MILLISECONDS));

        var error = await Should.ThrowAsync<GrainCallTimeoutException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        error.Message.ShouldContain("outcome is unknown");
    }

    [Fact]
    public async Task Cancelling_the_callers_token_cancels_the_call_and_the_grains_token()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("cancel");
        using var cancellation = new CancellationTokenSource();

        var call = grain.WaitForCancellation(cancellation.Token);
        await Probe.WaitUntil(() => silo.Probe.Inside == 1);
        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        await Probe.WaitUntil(() => silo.Probe.SawCancellation);
    }

    [Fact]
    public async Task Arguments_and_results_are_isolated_between_caller_and_grain()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ICopyGrain>("copies");
        var mine = new List<int> { 1, 2, 3 };

        var returned = await grain.Keep(mine);
        mine.Add(4);
        returned.Add(5);

        (await grain.Kept()).ShouldBe([1, 2, 3]);
        returned.ShouldNotBeSameAs(mine);
    }

    [Fact]
    public async Task A_result_that_cannot_be_copied_fails_the_call_and_the_silo_goes_on()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ICopyGrain>("cyclic");

        var error = await Should.ThrowAsync<InvalidOperationException>(() => grain.SelfReferencing().WaitAsync(TimeSpan.FromSeconds(10)));

        error.Message.ShouldContain("could not be copied");
        (await grain.KeepImmutable([7])).ShouldBe([7]);
    }

    [Fact]
    public async Task A_result_the_copier_would_change_fails_the_call_instead_of_arriving_changed()
    {
        await using var silo = await TestSilo.StartAsync();

        var error = await Should.ThrowAsync<InvalidOperationException>(() => silo.Grains.GetGrain<ICopyGrain>("sealed").SealedValue(42));

        error.Message.ShouldContain("cannot be copied faithfully");
    }

    [Fact]
    public async Task A_method_with_a_token_works_under_an_infinite_response_timeout()
    {
        await using var silo = await TestSilo.StartAsync(configure: options => options.ResponseTimeout = Timeout.InfiniteTimeSpan);
        var grain = silo.Grains.GetGrain<ITurnGrain>("forever");
        using var cancellation = new CancellationTokenSource();

        var call = grain.WaitForCancellation(cancellation.Token);
        await Probe.WaitUntil(() => silo.Probe.Inside == 1);
        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_timer_with_a_zero_period_is_refused()
    {
        await using var silo = await TestSilo.StartAsync();

        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => silo.Grains.GetGrain<ITimerGrain>("zero").Start(TimeSpan.Zero, holdInTick: false));
    }

    [Fact]
    public async Task Immutable_arguments_pass_without_copying()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ICopyGrain>("shares");
        ImmutableArray<int> values = [1, 2, 3];

        var returned = await grain.KeepImmutable(values);

        ImmutableArray<int>.Equals(returned, values).ShouldBeTrue(); // the same backing array
    }

    [Fact]
    public async Task A_call_with_an_already_cancelled_token_fails_and_leaves_nothing_in_flight()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<ITurnGrain>("precancelled");

        await Should.ThrowAsync<OperationCanceledException>(() => grain.WaitForCancellation(new CancellationToken(canceled: true)));

        silo.Services.GetRequiredService<Messaging.InFlightCalls>().Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_timer_tick_queued_at_a_deactivating_activation_is_dropped_not_run_by_the_next_one()
    {
        var clock = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(clock);
        var grain = silo.Grains.GetGrain<ITimerGrain>("orphan-tick");
        await grain.Start(TimeSpan.FromSeconds(1), holdInTick: false, interleave: false);

        var holding = grain.HoldAndDeactivate();
        clock.Advance(TimeSpan.FromSeconds(1)); // the tick queues behind the held turn
        silo.Probe.Release();
        await holding;
        await Probe.WaitUntil(() => silo.Silo.Statistics.Deactivated == 1);

        (await grain.TicksSeen()).ShouldBe(0); // a new activation, and the old one's tick never ran
        silo.Probe.Ticks.ShouldBe(0);
    }

    [Fact]
    public async Task A_timer_tick_never_overlaps_the_one_before_it()
    {
        var clock = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(clock);
        var grain = silo.Grains.GetGrain<ITimerGrain>("ticks");
        await grain.Start(TimeSpan.FromSeconds(1), holdInTick: true);

        clock.Advance(TimeSpan.FromSeconds(1));
        await Probe.WaitUntil(() => silo.Probe.Ticks == 1);
        clock.Advance(TimeSpan.FromSeconds(10)); // ten more periods pass while the first tick is still running

        silo.Probe.Ticks.ShouldBe(1); // no tick queued behind the running one either
        silo.Probe.Release();
        await Probe.WaitUntil(() => silo.Probe.Inside == 0);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Probe.WaitUntil(() => silo.Probe.Ticks == 2);
        silo.Probe.MaxInside.ShouldBe(1);
    }
}
