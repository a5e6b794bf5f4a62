using Beach.Actors.Cluster;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Runtime.Transport;

/// <summary>The silo transport's log messages.</summary>
internal sealed partial class TransportLog(ILogger<TransportLog> logger)
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Listening for silos on {Endpoint}")]
    public partial void Listening(string endpoint);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "Connected to silo {Peer}")]
    public partial void Connected(SiloAddress peer);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "Accepted a connection from silo {Peer}")]
    public partial void Accepted(SiloAddress peer);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Connection to silo {Peer} lost: {Reason}")]
    public partial void ConnectionLost(SiloAddress peer, string reason);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "Connecting to silo {Peer} failed; next try in {Backoff}")]
    public partial void ConnectFailed(SiloAddress peer, TimeSpan backoff, Exception exception);

    [LoggerMessage(EventId = 305, Level = LogLevel.Warning, Message = "Refused a connection from {Remote}: {Reason}")]
    public partial void Refused(string remote, string reason);

    [LoggerMessage(EventId = 306, Level = LogLevel.Warning, Message = "Accepting silo connections failed")]
    public partial void AcceptFailed(Exception exception);
}
