namespace Beach.Actors.Streams;

/// <summary>
/// One explicit subscription. Dispose it (or call <see cref="UnsubscribeAsync"/>) to end it; a grain's subscriptions
/// also end when its activation deactivates.
/// </summary>
public interface IStreamSubscriptionHandle : IAsyncDisposable
{
    /// <summary>The stream subscribed to.</summary>
    StreamId StreamId { get; }

    /// <summary>The token of the last event handed to the observer, or null before the first.</summary>
    StreamSequenceToken? LastDeliveredToken { get; }

    /// <summary>Events handed to the observer so far.</summary>
    long DeliveredCount { get; }

    /// <summary>Events the overflow policy dropped so far (each also reported as a <see cref="StreamGap"/>).</summary>
    long DroppedCount { get; }

    /// <summary>
    /// Completes when the subscription ends: successfully when it was unsubscribed, faulted with a
    /// <see cref="StreamQueueOverflowException"/> under <see cref="OverflowPolicy.Fail"/>, or with the observer's own
    /// exception if it threw.
    /// </summary>
    Task Completion { get; }

    /// <summary>
    /// Ends the subscription: no event is delivered after the one in progress. It may be called from inside the observer.
    /// </summary>
    Task UnsubscribeAsync();
}
