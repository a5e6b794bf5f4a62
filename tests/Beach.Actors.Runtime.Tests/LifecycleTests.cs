using Beach.Actors.Persistence;
using Beach.Actors.Runtime.Hosting;
using Beach.Actors.Runtime.Tests.Grains;
using Beach.Actors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Runtime.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task An_idle_grain_is_collected_and_comes_back_with_its_persisted_state()
    {
        var clock = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(clock);
        var grain = silo.Grains.GetGrain<IStateGrain>("idle");
        await grain.Set(42);
        silo.Probe.Activations.ShouldBe(1);

        clock.Advance(TimeSpan.FromMinutes(SiloOptions.DEFAULT_COLLECTION_AGE_MINUTES) + TimeSpan.FromSeconds(SiloOptions.DEFAULT_COLLECTION_QUANTUM_SECONDS));

        (await silo.Probe.Deactivated.Task.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe(DeactivationReason.IdleCollection);
        await Probe.WaitUntil(() => silo.Silo.ActivationCount == 0);
        silo.Silo.Statistics.Collected.ShouldBe(1);

        (await grain.Get()).ShouldBe(42);
        silo.Probe.Activations.ShouldBe(2);
    }

    [Fact]
    public async Task A_grain_touched_within_its_age_is_not_collected()
    {
        var clock = new ManualTimeProvider();
        await using var silo = await TestSilo.StartAsync(clock);
        var grain = silo.Grains.GetGrain<IStateGrain>("busy");
        await grain.Set(1);

        clock.Advance(TimeSpan.FromMinutes(10));
        await grain.Get();
        clock.Advance(TimeSpan.FromMinutes(10));

        // A collection the clock set off would show as a second activation answering this call.
        (await grain.Get()).ShouldBe(1);
        silo.Probe.Activations.ShouldBe(1);
        silo.Probe.Deactivations.ShouldBe(0);
        silo.Silo.ActivationCount.ShouldBe(1);
    }

    [Fact]
    public async Task DeactivateOnIdle_runs_OnDeactivateAsync_and_the_next_call_activates_afresh()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IStateGrain>("asks");
        await grain.Set(7);

        await grain.Deactivate();

        (await silo.Probe.Deactivated.Task.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe(DeactivationReason.ApplicationRequested);
        (await grain.Get()).ShouldBe(7);
        silo.Probe.Activations.ShouldBe(2);
    }

    [Fact]
    public async Task Two_writers_from_the_same_etag_one_wins_the_other_gets_InconsistentStateException()
    {
        await using var silo = await TestSilo.StartAsync();
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        var grainId = new GrainId("state", "contested");
        var first = new Storage.PersistentState<StateGrainState>(grainId, "value", storage, new());
        var second = new Storage.PersistentState<StateGrainState>(grainId, "value", storage, new());
        await first.ReadStateAsync();
        await second.ReadStateAsync();

        first.State.Value = 1;
        second.State.Value = 2;
        var outcomes = await Task.WhenAll(Outcome(first.WriteStateAsync()), Outcome(second.WriteStateAsync()));

        outcomes.Count(outcome => outcome is null).ShouldBe(1);
        outcomes.Count(outcome => outcome is InconsistentStateException).ShouldBe(1);
    }

    [Fact]
    public async Task A_grain_whose_state_was_changed_behind_its_back_fails_the_write_and_reactivates_with_the_new_state()
    {
        await using var silo = await TestSilo.StartAsync();
        var grain = silo.Grains.GetGrain<IStateGrain>("stale");
        await grain.Set(1);

        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        var behindItsBack = new Storage.PersistentState<StateGrainState>(new GrainId("state", "stale"), "value", storage, new());
        await behindItsBack.ReadStateAsync();
        behindItsBack.State.Value = 99;
        await behindItsBack.WriteStateAsync();

        await Should.ThrowAsync<InconsistentStateException>(() => grain.Set(2));
        await Probe.WaitUntil(() => silo.Probe.Deactivations == 1);
        (await grain.Get()).ShouldBe(99);
    }

    private static async Task<Exception?> Outcome(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }
}
