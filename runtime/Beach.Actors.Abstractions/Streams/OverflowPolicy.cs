namespace Beach.Actors.Streams;

/// <summary>What a subscription's bounded queue does when an event arrives and the queue is full.</summary>
public enum OverflowPolicy
{
    /// <summary>
    /// Back-pressure: the producer's <see cref="IAsyncStream{T}.OnNextAsync"/> waits until this subscriber has taken an
    /// event from its queue. Nothing is lost, and one slow subscriber slows every producer of the stream.
    /// </summary>
    Block,

    /// <summary>The oldest queued event is dropped to make room; the subscriber is told the count as a <see cref="StreamGap"/>.</summary>
    DropOldest,

    /// <summary>
    /// Only the newest event waits: a new one replaces the one queued (the capacity is ignored; it is one). For coalescing
    /// views such as a transform's latest frame. Replaced events are reported as a <see cref="StreamGap"/>.
    /// </summary>
    LatestOnly,

    /// <summary>
    /// The subscription ends: the subscriber receives what was queued before the overflow, then
    /// <see cref="IAsyncObserver{T}.OnErrorAsync"/> with a <see cref="StreamQueueOverflowException"/>, and
    /// <see cref="IStreamSubscriptionHandle.Completion"/> faults with it. Resubscribing after its last token loses
    /// nothing that is still retained.
    /// </summary>
    Fail,
}
