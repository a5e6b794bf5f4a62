using Beach.Actors.Cluster;
using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Messaging;

namespace Beach.Actors.Runtime.Transport;

/// <summary>One frame waiting in a connection's outbox: a request, a response, or a ping or pong.</summary>
internal readonly struct Outgoing
{
    private Outgoing(FrameKind kind, long id, Message? request, Response? response, IInvokable? answered, SiloAddress? servedBy = null)
    {
        ServedBy = servedBy;
        Kind = kind;
        Id = id;
        Request = request;
        Response = response;
        Answered = answered;
    }

    public FrameKind Kind { get; }

    /// <summary>The wire id of the request or response, or the probe id.</summary>
    public long Id { get; }

    /// <summary>The call to send, for <see cref="FrameKind.Request"/>.</summary>
    public Message? Request { get; }

    /// <summary>The outcome to send back, for <see cref="FrameKind.Response"/>.</summary>
    public Response? Response { get; }

    /// <summary>The request the response answers, which knows how to write its result; null when it could not be decoded.</summary>
    public IInvokable? Answered { get; }

    public static Outgoing ForRequest(long wireId, Message message) => new(FrameKind.Request, wireId, message, null, null);

    /// <summary>For a response to a cluster client: the silo that ran the call, when this one passed it on.</summary>
    public SiloAddress? ServedBy { get; }

    public static Outgoing ForResponse(long wireId, Response response, IInvokable? answered, SiloAddress? servedBy = null)
        => new(FrameKind.Response, wireId, null, response, answered, servedBy);

    public static Outgoing ForProbe(FrameKind kind, long probeId) => new(kind, probeId, null, null, null);
}
