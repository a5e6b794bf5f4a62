namespace Beach.Actors;

/// <summary>A bounded queue was full. The caller may retry after <see cref="RetryAfter"/>.</summary>
public sealed class OverloadedException(string message, TimeSpan retryAfter) : Exception(message)
{
    /// <summary>How long the caller should wait before retrying.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
