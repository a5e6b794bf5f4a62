namespace Beach.Actors.Streams;

/// <summary>How one subscription queues and where it starts. Every default is documented next to its constant.</summary>
public sealed record StreamSubscriptionOptions
{
    /// <summary>
    /// Events one subscription's queue holds before its <see cref="OverflowPolicy"/> acts: 1,024, as many as a stream
    /// retains by default, so a subscriber that keeps within retention loses nothing a resume could have given it. The
    /// queue's slots (16 bytes each for a reference-type item) grow on demand, so an idle subscriber costs a few of them.
    /// </summary>
    public const int DEFAULT_QUEUE_CAPACITY = 1_024;

    /// <summary>
    /// <see cref="OverflowPolicy.DropOldest"/>: a slow subscriber never stalls the producer (a session grain must not
    /// wait for a browser), and what it loses is told to it as a <see cref="StreamGap"/>, never silently.
    /// </summary>
    public const OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.DropOldest;

    /// <summary>The options every subscription gets unless it says otherwise.</summary>
    public static StreamSubscriptionOptions Default { get; } = new();

    /// <summary>See <see cref="DEFAULT_QUEUE_CAPACITY"/>. At least 1.</summary>
    public int QueueCapacity { get; init; } = DEFAULT_QUEUE_CAPACITY;

    /// <summary>See <see cref="DEFAULT_OVERFLOW_POLICY"/>.</summary>
    public OverflowPolicy OverflowPolicy { get; init; } = DEFAULT_OVERFLOW_POLICY;

    /// <summary>
    /// Resume after this token: the retained events after it are delivered first, then live ones, with no gap and no
    /// duplicate between them. When the token is older than what is retained, or from another epoch, the subscriber is
    /// first told a <see cref="StreamGap"/>. At most <see cref="QueueCapacity"/> of the newest retained events are
    /// replayed; older ones count as missed. Null (the default): live events only, unless <see cref="ReplayRetained"/>.
    /// </summary>
    public StreamSequenceToken? ResumeAfter { get; init; }

    /// <summary>Without a resume token, start with every retained event (up to the capacity) instead of live ones only.</summary>
    public bool ReplayRetained { get; init; }
}
