using System.Collections.Immutable;
using Beach.Actors.Persistence;
using Beach.Actors.Timers;

namespace Beach.Actors.Runtime.Tests.Grains;

public sealed class TurnGrain(Probe probe) : Grain, ITurnGrain
{
    private int _touches;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.OnActivated();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.OnDeactivated(reason);
        return Task.CompletedTask;
    }

    public async Task<int> Touch()
    {
        probe.Enter();
        try
        {
            await Task.Yield();
            return ++_touches;
        }
        finally
        {
            probe.Leave();
        }
    }

    public Task Hold() => HoldCore();

    public Task HoldReadOnly() => HoldCore();

    public Task<int> Peek() => Task.FromResult(_touches);

    public async Task<int> WaitForCancellation(CancellationToken cancellationToken)
    {
        probe.Enter();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
        catch (OperationCanceledException)
        {
            probe.SawCancellation = true;
            throw;
        }
        finally
        {
            probe.Leave();
        }
    }

    private async Task HoldCore()
    {
        probe.Enter();
        try
        {
            await probe.Gate.Task;
        }
        finally
        {
            probe.Leave();
        }
    }
}

[Reentrant]
public sealed class ReentrantTurnGrain(Probe probe) : Grain, IReentrantTurnGrain
{
    public async Task Hold()
    {
        probe.Enter();
        try
        {
            await probe.Gate.Task;
        }
        finally
        {
            probe.Leave();
        }
    }
}

public sealed class CycleGrain : Grain, ICycleGrain
{
    public Task<string> CallThrough(long next, long last)
        => next == last
            ? GrainFactory.GetGrain<ICycleGrain>(last).Echo()
            : GrainFactory.GetGrain<ICycleGrain>(next).CallThrough(last, last);

    public Task<string> Echo() => Task.FromResult(GrainId.ToString());
}

public sealed class StateGrainState
{
    public int Value { get; set; }
}

public sealed class StateGrain([PersistentState("value")] IPersistentState<StateGrainState> state, Probe probe) : Grain, IStateGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.OnActivated();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.OnDeactivated(reason);
        return Task.CompletedTask;
    }

    public Task Set(int value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }

    public Task<int> Get() => Task.FromResult(state.State.Value);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

public sealed class TimerGrain(Probe probe) : Grain, ITimerGrain
{
    private IGrainTimer? _timer;

    public async Task HoldAndDeactivate()
    {
        DeactivateOnIdle();
        await probe.Gate.Task;
    }

    public Task Start(TimeSpan period, bool holdInTick, bool interleave = true)
    {
        _timer = RegisterGrainTimer(async _ =>
        {
            probe.Enter();
            probe.OnTick();
            try
            {
                if (holdInTick)
                {
                    await probe.Gate.Task;
                }
            }
            finally
            {
                probe.Leave();
            }
        }, new GrainTimerCreationOptions { DueTime = period, Period = period, Interleave = interleave });
        return Task.CompletedTask;
    }

    public Task<int> TicksSeen() => Task.FromResult(probe.Ticks);
}

public sealed class CopyGrain : Grain, ICopyGrain
{
    private List<int> _kept = [];

    public Task<List<int>> Keep(List<int> values)
    {
        _kept = values;
        return Task.FromResult(values);
    }

    public Task<List<int>> Kept() => Task.FromResult(_kept);

    public Task<ImmutableArray<int>> KeepImmutable(ImmutableArray<int> values) => Task.FromResult(values);

    public Task<Sealed> SealedValue(int value) => Task.FromResult(new Sealed(value));

    public Task<Node> SelfReferencing()
    {
        var node = new Node { Value = 1 };
        node.Next = node;
        return Task.FromResult(node);
    }
}

public sealed class ReaderGrain(Probe probe) : Grain, IReaderGrain
{
    public async Task<string> AskOther(long other)
    {
        probe.Enter();
        try
        {
            await probe.Gate.Task;
            return await GrainFactory.GetGrain<IReaderGrain>(other).AskBack(GetPrimaryKeyLong());
        }
        finally
        {
            probe.Leave();
        }
    }

    public Task<string> AskBack(long origin) => GrainFactory.GetGrain<IReaderGrain>(origin).Read();

    public Task<string> Read() => Task.FromResult(GrainId.ToString());

    public Task Write() => Task.CompletedTask;
}
