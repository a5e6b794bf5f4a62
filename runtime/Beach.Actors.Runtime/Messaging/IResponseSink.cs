using Beach.Actors.Invocation;

namespace Beach.Actors.Runtime.Messaging;

/// <summary>Where the outcome of a message goes: a waiting caller, a timer, or (in a cluster) the transport.</summary>
internal interface IResponseSink
{
    void Complete(Response response);
}
