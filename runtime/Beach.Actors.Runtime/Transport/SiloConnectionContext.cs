using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Runtime.Messaging.Wire;

namespace Beach.Actors.Runtime.Transport;

/// <summary>What every connection of a silo shares: options, clock, codec, where arriving calls go, and the log.</summary>
internal sealed class SiloConnectionContext(
    SiloTransportOptions options,
    TimeProvider timeProvider,
    MessageCodec codec,
    Action<Message, SiloConnection> deliver,
    Action<SiloConnection> onClosed,
    TimeSpan overloadRetryAfter,
    TransportLog log,
    Action<GrainId, SiloAddress?, SiloConnection>? onServed = null)
{
    public SiloTransportOptions Options { get; } = options;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public MessageCodec Codec { get; } = codec;

    public TimeSpan OverloadRetryAfter { get; } = overloadRetryAfter;

    public TransportLog Log { get; } = log;

    /// <summary>Hands a call that arrived on <paramref name="from"/> to this process's router.</summary>
    public void Deliver(Message message, SiloConnection from) => deliver(message, from);

    public void OnClosed(SiloConnection connection) => onClosed(connection);

    /// <summary>
    /// A call to <paramref name="grain"/> sent on <paramref name="connection"/> succeeded, run by the silo its answer
    /// named (<paramref name="passedOnTo"/>) or else by the peer itself: what a cluster client learns grain locations
    /// from (a silo, which has its directory, ignores it). Runs on the connection's reader: it must be quick.
    /// </summary>
    public void OnServed(GrainId grain, SiloAddress? passedOnTo, SiloConnection connection) => onServed?.Invoke(grain, passedOnTo, connection);
}
