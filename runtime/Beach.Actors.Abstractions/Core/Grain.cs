using Beach.Actors.Timers;

namespace Beach.Actors;

/// <summary>
/// The base class of every grain. A grain takes its collaborators in its constructor
/// (<see cref="Persistence.IPersistentState{TState}"/>, <see cref="TimeProvider"/>, loggers) and never knows where it runs.
/// </summary>
public abstract class Grain
{
    private readonly IGrainContext _context;

    /// <summary>Binds the grain to the activation that is constructing it.</summary>
    protected Grain()
    {
        _context = GrainActivationScope.Current
            ?? throw new InvalidOperationException(
                $"{GetType().Name} can only be created by the runtime when it activates the grain; use IGrainFactory.GetGrain to reach it.");
    }

    /// <summary>What this grain sees of its activation.</summary>
    protected IGrainContext GrainContext => _context;

    /// <summary>This grain's identity.</summary>
    public GrainId GrainId => _context.GrainId;

    /// <summary>Creates references to other grains.</summary>
    protected IGrainFactory GrainFactory => _context.GrainFactory;

    /// <summary>The string key of this grain.</summary>
    protected string GetPrimaryKeyString() => _context.GrainId.Key;

    /// <summary>The Guid key of this grain.</summary>
    protected Guid GetPrimaryKey() => Guid.Parse(_context.GrainId.Key);

    /// <summary>The integer key of this grain.</summary>
    protected long GetPrimaryKeyLong() => long.Parse(_context.GrainId.Key, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Called once, before the first message is delivered. Persistent state has been read already.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called once, before the activation is discarded. Write what must survive here.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation after the current turn; the next call activates it afresh.</summary>
    protected void DeactivateOnIdle() => _context.Deactivate(DeactivationReason.ApplicationRequested);

    /// <summary>Registers a grain timer. Its callback runs as a turn of this activation and never overlaps itself.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
        => _context.RegisterTimer(callback, new GrainTimerCreationOptions { DueTime = dueTime, Period = period });

    /// <summary>Registers a grain timer with explicit options.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
        => _context.RegisterTimer(callback, options);

    /// <summary>
    /// Registers a durable reminder that calls <see cref="Reminders.IRemindable.ReceiveReminder"/> on this grain after
    /// <paramref name="dueTime"/> and then every <paramref name="period"/>, or changes the schedule of the one so named.
    /// It is on disk before the returned task completes, and it keeps ticking across deactivation, restarts and fail-over
    /// until it is unregistered. The grain class implements <see cref="Reminders.IRemindable"/>.
    /// </summary>
    protected Task<Reminders.GrainReminder> RegisterOrUpdateReminder(string name, TimeSpan dueTime, TimeSpan period)
        => _context.Reminders.RegisterOrUpdateReminder(GrainId, name, dueTime, period);

    /// <summary>Removes a reminder of this grain; returns false if it changed since it was read.</summary>
    protected Task<bool> UnregisterReminder(Reminders.GrainReminder reminder)
        => _context.Reminders.UnregisterReminder(GrainId, reminder);

    /// <summary>This grain's reminder <paramref name="name"/>, or null.</summary>
    protected Task<Reminders.GrainReminder?> GetReminder(string name) => _context.Reminders.GetReminder(GrainId, name);

    /// <summary>
    /// The silo's streams as this grain sees them: it publishes with <see cref="Streams.IAsyncStream{T}.OnNextAsync"/>,
    /// and what it subscribes is delivered as turns of this activation and ends when the activation deactivates.
    /// </summary>
    protected Streams.IStreamProvider GetStreamProvider() => _context.Streams;

    /// <summary>Every reminder of this grain.</summary>
    protected Task<IReadOnlyList<Reminders.GrainReminder>> GetReminders() => _context.Reminders.GetReminders(GrainId);
}
