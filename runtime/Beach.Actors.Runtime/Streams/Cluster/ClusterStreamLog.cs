using Beach.Actors.Cluster;
using Beach.Actors.Streams;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Runtime.Streams.Cluster;

/// <summary>The cluster streams' log messages, source-generated.</summary>
internal sealed partial class ClusterStreamLog(ILogger<ClusterStreamLog> logger)
{
    [LoggerMessage(EventId = 410, Level = LogLevel.Warning, Message = "The forward queue of {Capacity} events for {Home} is full: an event of {StreamId} was dropped and will be reported as a gap")]
    public partial void ForwardQueueFull(StreamId streamId, SiloAddress home, int capacity);

    [LoggerMessage(EventId = 411, Level = LogLevel.Information, Message = "Forwarding {Count} stream events to {Home} failed; they count as lost and will be reported as a gap")]
    public partial void ForwardFailed(int count, SiloAddress home, Exception exception);

    [LoggerMessage(EventId = 412, Level = LogLevel.Debug, Message = "Pulling {StreamId} from {Home} failed; retrying")]
    public partial void PullFailed(StreamId streamId, SiloAddress home, Exception exception);

    [LoggerMessage(EventId = 413, Level = LogLevel.Warning, Message = "An event of {StreamId} could not be read as {ItemType}; it is reported as a gap")]
    public partial void UnreadableEvent(StreamId streamId, string itemType, Exception exception);
}
