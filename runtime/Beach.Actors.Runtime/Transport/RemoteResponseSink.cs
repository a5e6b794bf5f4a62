using Beach.Actors.Cluster;
using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Messaging;

namespace Beach.Actors.Runtime.Transport;

/// <summary>
/// Sends the outcome of a call that came from another process back over the connection it came on. A call from a
/// cluster client that this silo passed on to another silo is answered with that silo's address, so the client can
/// send the grain's next calls there itself.
/// </summary>
internal sealed class RemoteResponseSink(SiloConnection connection, long wireId, IInvokable request) : IResponseSink
{
    private SiloAddress? _servedBy;

    public void Complete(Response response) => connection.SendResponse(wireId, response, request, _servedBy);

    public void PassedOn(SiloAddress silo)
    {
        if (connection.ServesClient)
        {
            _servedBy = silo;
        }
    }
}
