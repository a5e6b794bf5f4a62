namespace Beach.Actors.Timers;

/// <summary>How a grain timer ticks.</summary>
public readonly record struct GrainTimerCreationOptions
{
    /// <summary>Delay before the first tick.</summary>
    public TimeSpan DueTime { get; init; }

    /// <summary>Delay between the end of one tick's callback and the next tick; <see cref="Timeout.InfiniteTimeSpan"/> for one shot.</summary>
    public TimeSpan Period { get; init; }

    /// <summary>Whether the tick may interleave with requests. Default false: a tick is a turn like any request.</summary>
    public bool Interleave { get; init; }

    /// <summary>Whether a tick counts as activity that keeps the activation from idle collection. Default false.</summary>
    public bool KeepAlive { get; init; }
}
