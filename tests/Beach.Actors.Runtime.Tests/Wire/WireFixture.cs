using System.Buffers;
using Beach.Actors.Invocation;
using Beach.Actors.Leases;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Runtime.Messaging.Wire;
using Beach.Actors.Runtime.Registry;

namespace Beach.Actors.Runtime.Tests.Wire;

/// <summary>
/// The two ends of a wire in one process: a caller whose references only record the requests they build, and a
/// receiving codec whose registry knows this assembly's and the domain's grain interfaces.
/// </summary>
internal sealed class WireFixture
{
    public WireFixture()
    {
        Registry = new GrainTypeRegistry()
            .AddAssembly(typeof(WireFixture).Assembly)
            .AddAssembly(typeof(IControllerLeaseGrain).Assembly);
        Codec = new MessageCodec(Registry);
    }

    public GrainTypeRegistry Registry { get; }

    public MessageCodec Codec { get; }

    public RecordingInvoker Invoker { get; } = new();

    public T Reference<T>(string key)
        where T : IGrain
    {
        var entry = Registry.GetInterface(typeof(T));
        return (T)(object)entry.CreateReference(new GrainId(entry.GrainType, key), Invoker);
    }

    /// <summary>The request a call on a reference built, as the caller's transport would be handed it.</summary>
    public IInvokable Capture<T>(string key, Func<T, Task> call)
        where T : IGrain
    {
        _ = call(Reference<T>(key));
        return Invoker.Sent[^1];
    }

    public WireRequest RoundTrip(IInvokable request, GrainId? target = null, CallChain? chain = null, TimeSpan? timeout = null, long messageId = 42)
        => Codec.ReadRequest(Payload(request, target, chain, timeout, messageId));

    public static ReadOnlySequence<byte> Payload(IInvokable request, GrainId? target = null, CallChain? chain = null, TimeSpan? timeout = null, long messageId = 42)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MessageCodec.WriteRequest(buffer, messageId, target ?? new GrainId("probe", "a"), request, chain, timeout);
        return new ReadOnlySequence<byte>(buffer.WrittenMemory);
    }

    public static ReadOnlySequence<byte> ResponsePayload(Response response, IInvokable request, long messageId = 42)
    {
        var buffer = new ArrayBufferWriter<byte>();
        MessageCodec.WriteResponse(buffer, messageId, response, request);
        return new ReadOnlySequence<byte>(buffer.WrittenMemory);
    }

    public static Response RoundTripResponse(Response response, IInvokable request)
        => MessageCodec.ReadResponse(ResponsePayload(response, request), request);

    /// <summary>Records each request and answers with the result type's default, never reaching a grain.</summary>
    internal sealed class RecordingInvoker : IGrainCallInvoker
    {
        public List<IInvokable> Sent { get; } = [];

        public ValueTask<TResult> InvokeAsync<TResult>(GrainReference target, Request<TResult> request)
        {
            Sent.Add(request);
            return new ValueTask<TResult>(default(TResult)!);
        }
    }
}
