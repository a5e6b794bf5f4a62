using System.Collections.Concurrent;
using Beach.Actors.Reminders;

namespace Beach.Actors.Cluster.Tests.Grains;

/// <summary>A grain that keeps one reminder and reports each of its ticks to <see cref="TickLog"/>.</summary>
public interface ITickingGrain : IGrainWithStringKey
{
    Task<GrainReminder> StartTicking(string name, TimeSpan period);
}

/// <summary>One tick as a grain saw it: which grain, which reminder, which point of its schedule, and where it ran.</summary>
public sealed record Tick(string Grain, string Name, DateTimeOffset Due, SiloAddress RanOn, DateTimeOffset At);

/// <summary>Every tick of every silo of a test cluster, kept outside the grains so that it survives them.</summary>
public sealed class TickLog
{
    public ConcurrentQueue<Tick> Ticks { get; } = new();
}

[GrainType("ticking")]
public sealed class TickingGrain(TickLog log, ILocalSilo silo, TimeProvider clock) : Grain, ITickingGrain, IRemindable
{
    public Task<GrainReminder> StartTicking(string name, TimeSpan period) => RegisterOrUpdateReminder(name, period, period);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        log.Ticks.Enqueue(new Tick(GetPrimaryKeyString(), reminderName, status.CurrentTickTime, silo.Address, clock.GetUtcNow()));
        return Task.CompletedTask;
    }
}
