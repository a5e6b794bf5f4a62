using System.Collections.Concurrent;
using Beach.Actors.Reminders;

namespace Beach.Actors.Runtime.Tests.Grains;

public interface IReminderGrain : IGrainWithStringKey
{
    Task<GrainReminder> Register(string name, TimeSpan dueTime, TimeSpan period);

    Task<bool> Unregister(GrainReminder reminder);

    Task<IReadOnlyList<GrainReminder>> List();

    Task GoIdle();
}

/// <summary>What reminder ticks did, kept outside the grain so that it survives deactivation.</summary>
public sealed class ReminderLog
{
    public ConcurrentQueue<(string Grain, string Name, TickStatus Status)> Ticks { get; } = new();

    public int Activations;

    public int Running;

    public int MaxRunning;

    /// <summary>When set, ticks wait here: lets a test hold one tick while time moves on.</summary>
    public TaskCompletionSource? Hold { get; set; }
}

public sealed class ReminderGrain(ReminderLog log) : Grain, IReminderGrain, IRemindable
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref log.Activations);
        return Task.CompletedTask;
    }

    public Task<GrainReminder> Register(string name, TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminder(name, dueTime, period);

    public Task<bool> Unregister(GrainReminder reminder) => UnregisterReminder(reminder);

    public Task<IReadOnlyList<GrainReminder>> List() => GetReminders();

    public Task GoIdle()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var running = Interlocked.Increment(ref log.Running);
        if (running > log.MaxRunning)
        {
            log.MaxRunning = running;
        }

        log.Ticks.Enqueue((GetPrimaryKeyString(), reminderName, status));
        if (log.Hold is { } hold)
        {
            await hold.Task;
        }

        Interlocked.Decrement(ref log.Running);
    }
}
