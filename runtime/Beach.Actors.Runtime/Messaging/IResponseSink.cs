using Beach.Actors.Cluster;
using Beach.Actors.Invocation;

namespace Beach.Actors.Runtime.Messaging;

/// <summary>Where the outcome of a message goes: a waiting caller, a timer, or (in a cluster) the transport.</summary>
internal interface IResponseSink
{
    void Complete(Response response);

    /// <summary>The message left this silo for <paramref name="silo"/>, which will run it or pass it on again.</summary>
    void PassedOn(SiloAddress silo)
    {
    }
}
