namespace Beach.Actors.Runtime.Streams;

/// <summary>What one attempt to publish to a stream's state came to.</summary>
internal enum PublishOutcome
{
    /// <summary>The event has its token and is in every queue.</summary>
    Published,

    /// <summary>A <see cref="Actors.Streams.OverflowPolicy.Block"/> subscriber is full: wait for its room, then try again.</summary>
    Blocked,

    /// <summary>The state was retired as idle: look the stream up again.</summary>
    Retired,
}
