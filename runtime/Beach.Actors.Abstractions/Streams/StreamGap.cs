namespace Beach.Actors.Streams;

/// <summary>
/// Events a subscriber will not receive, told to it before the first event after them, so that it never mistakes
/// a hole for a quiet stream.
/// </summary>
/// <param name="Reason">Why the events are missing.</param>
/// <param name="After">The last token the subscriber had (its resume token, or the last event delivered), if any.</param>
/// <param name="Missed">How many events are missing; null when it cannot be known (a token from another epoch).</param>
[Immutable]
public sealed record StreamGap(StreamGapReason Reason, StreamSequenceToken? After, long? Missed);

/// <summary>Why a <see cref="StreamGap"/> happened.</summary>
public enum StreamGapReason
{
    /// <summary>The resume token is older than the oldest retained event: the events between are gone from retention.</summary>
    ResumeTokenExpired,

    /// <summary>
    /// The resume token belongs to another epoch of the stream (it was dropped for idleness, or its process restarted) or
    /// lies beyond the newest event: every retained event is replayed, and what happened in between is unknown.
    /// </summary>
    ResumeTokenUnknown,

    /// <summary>The subscription's queue was full and its <see cref="OverflowPolicy"/> dropped events.</summary>
    Overflow,
}
