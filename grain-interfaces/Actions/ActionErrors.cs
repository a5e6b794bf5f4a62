namespace Beach.Actors.Actions;

/// <summary>An action came with a fencing token lower than one the session has already seen: it is refused, never delivered.</summary>
public sealed class StaleFencingTokenException(long fencingToken, long highestFencingToken)
    : Exception($"Fencing token {fencingToken} is stale: the session has seen {highestFencingToken}.")
{
    /// <summary>The token the request carried.</summary>
    public long FencingToken { get; } = fencingToken;

    /// <summary>The highest token the session has seen.</summary>
    public long HighestFencingToken { get; } = highestFencingToken;
}

/// <summary>The session's action queue cannot take the batch whole; nothing of it was accepted.</summary>
public sealed class ActionQueueFullException(int queueDepth, int queueCapacity, int batchSize, TimeSpan retryAfter)
    : Exception($"The session's action queue holds {queueDepth} of {queueCapacity} actions and cannot take {batchSize} more; retry after the harness acks some.")
{
    /// <summary>Actions waiting for an ack.</summary>
    public int QueueDepth { get; } = queueDepth;

    /// <summary>The most the queue holds.</summary>
    public int QueueCapacity { get; } = queueCapacity;

    /// <summary>The size of the refused batch.</summary>
    public int BatchSize { get; } = batchSize;

    /// <summary>How long to wait before retrying.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
