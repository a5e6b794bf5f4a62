using Beach.Actors.Streams;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Runtime.Streams;

/// <summary>The streams' log messages, source-generated.</summary>
internal sealed partial class StreamLog(ILogger<StreamLog> logger)
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "An observer of {StreamId} threw; its subscription ended")]
    public partial void ObserverFailed(StreamId streamId, Exception exception);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "A subscription to {StreamId} overflowed its queue of {Capacity} and ended (overflow policy Fail)")]
    public partial void SubscriptionOverflowed(StreamId streamId, int capacity);

    [LoggerMessage(EventId = 402, Level = LogLevel.Debug, Message = "Dropped {Count} idle streams with their retention")]
    public partial void IdleStreamsDropped(int count);

    [LoggerMessage(EventId = 403, Level = LogLevel.Warning, Message = "Telling an observer of {StreamId} that its subscription ended failed")]
    public partial void ErrorNotificationFailed(StreamId streamId, Exception exception);
}
