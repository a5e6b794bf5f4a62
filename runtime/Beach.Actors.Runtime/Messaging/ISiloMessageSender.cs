using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Messaging;

/// <summary>
/// Carries a message to another silo, whose router delivers it to its catalog; the response comes back to the
/// message's sink. The silo transport implements it; it never throws: a failure answers the message.
/// </summary>
internal interface ISiloMessageSender
{
    void Send(SiloAddress target, Message message);
}
