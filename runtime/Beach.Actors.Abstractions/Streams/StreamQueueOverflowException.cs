namespace Beach.Actors.Streams;

/// <summary>A subscription with <see cref="OverflowPolicy.Fail"/> was ended because its queue was full.</summary>
public sealed class StreamQueueOverflowException(StreamId streamId, int capacity, StreamSequenceToken? lastQueued)
    : Exception($"The subscription to {streamId} ended: its queue of {capacity} events was full. Resubscribe after its last token to continue.")
{
    /// <summary>The stream.</summary>
    public StreamId StreamId { get; } = streamId;

    /// <summary>The queue's capacity.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>The newest event the subscription still received; resume after it.</summary>
    public StreamSequenceToken? LastQueued { get; } = lastQueued;
}
