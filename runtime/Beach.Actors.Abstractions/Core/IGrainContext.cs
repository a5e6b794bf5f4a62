using Beach.Actors.Timers;

namespace Beach.Actors;

/// <summary>What a grain sees of the activation that hosts it.</summary>
public interface IGrainContext
{
    /// <summary>The grain's identity.</summary>
    GrainId GrainId { get; }

    /// <summary>Creates references to other grains; calls made through it carry this grain as the caller.</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>Asks the runtime to deactivate this activation once the current turn ends.</summary>
    void Deactivate(DeactivationReason reason);

    /// <summary>The silo's durable reminders.</summary>
    Reminders.IReminderRegistry Reminders { get; }

    /// <summary>Streams as this activation sees them: its subscriptions deliver as its turns and end with it.</summary>
    Streams.IStreamProvider Streams { get; }

    /// <summary>Registers a timer whose callback runs as a turn of this activation and never overlaps itself.</summary>
    IGrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options);
}
