using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Messaging;

namespace Beach.Actors.Runtime.Transport;

/// <summary>Sends the outcome of a call that came from another silo back over the connection it came on.</summary>
internal sealed class RemoteResponseSink(SiloConnection connection, long wireId, IInvokable request) : IResponseSink
{
    public void Complete(Response response) => connection.SendResponse(wireId, response, request);
}
