namespace Beach.Actors.Timers;

/// <summary>A timer that lives in one activation. Dispose it to stop it; it stops by itself when the activation goes.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the timer next ticks and its period.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
