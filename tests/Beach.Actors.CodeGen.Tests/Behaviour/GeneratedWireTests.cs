using System.Buffers;
using System.Text;
using System.Text.Json;
using Beach.Actors.CodeGen.Tests.Samples;
using Beach.Actors.CodeGen.Tests.Support;
using Beach.Actors.Invocation;

namespace Beach.Actors.CodeGen.Tests.Behaviour;

/// <summary>Generated requests through bytes and back, as two silos would see them, without the runtime's codec.</summary>
public sealed class GeneratedWireTests
{
    private static readonly JsonSerializerOptions s_options = new() { IncludeFields = true };

    private readonly RecordingRegistryBuilder _registry = RecordingRegistryBuilder.ForTestAssembly();
    private readonly DirectCallInvoker _caller = new(new CounterTarget());
    private readonly ICounterGrain _counter;

    public GeneratedWireTests()
    {
        _counter = (ICounterGrain)_registry.Interfaces[typeof(ICounterGrain)].Create(new GrainId("counter", "a"), _caller);
    }

    [Fact]
    public async Task Request_round_trips_through_bytes_and_invokes_the_grain_with_equal_arguments()
    {
        await _counter.AppendAndCount([1, 2]);
        await _counter.Keep(new Badge("gold"));
        var receiver = new CounterTarget();

        var append = await Deliver(_caller.Sent[0], receiver);
        var keep = await Deliver(_caller.Sent[1], receiver);

        ((Response<int>)append).Result.ShouldBe(3);
        receiver.LastValues.ShouldBe([1, 2, 99]);
        ((Response<bool>)keep).Result.ShouldBeTrue();
        receiver.LastBadge.ShouldBe(new Badge("gold"));
    }

    [Fact]
    public async Task Rebuilt_request_has_the_same_descriptor()
    {
        await _counter.Add(4);

        var rebuilt = ReadBack(Arguments(_caller.Sent[0]), _caller.Sent[0].Method.Id);

        rebuilt.Method.ShouldBeSameAs(_caller.Sent[0].Method);
    }

    [Fact]
    public async Task Cancellation_token_is_not_sent()
    {
        using var source = new CancellationTokenSource();
        await _counter.Echo("hi", source.Token);

        var json = Encoding.UTF8.GetString(Arguments(_caller.Sent[0]));
        var rebuilt = ReadBack(Encoding.UTF8.GetBytes(json), _caller.Sent[0].Method.Id);

        json.ShouldBe("[\"hi\"]");
        rebuilt.HasCancellationToken.ShouldBeTrue();
        rebuilt.CancellationToken.ShouldBe(CancellationToken.None);
    }

    [Fact]
    public void Method_id_names_interface_method_and_parameter_types()
    {
        _registry.Methods.Keys.ShouldContain("Beach.Actors.CodeGen.Tests.Samples.ICounterGrain.Echo(string,System.Threading.CancellationToken)");
        _registry.Methods.Keys.ShouldContain("Beach.Actors.CodeGen.Tests.Samples.ICounterGrain.AppendAndCount(System.Collections.Generic.List<int>)");
        _registry.Methods.Keys.ShouldContain("Beach.Actors.CodeGen.Tests.Samples.INamedGrain.GetName()");
        _registry.Methods.Values.ShouldAllBe(static m => m.Method.Id == m.Method.InterfaceName + "." + m.Method.MethodName + m.Method.Id.Substring(m.Method.Id.IndexOf('(')));
    }

    [Fact]
    public async Task Extra_arguments_are_skipped_and_missing_ones_take_their_default()
    {
        var receiver = new CounterTarget();
        var id = "Beach.Actors.CodeGen.Tests.Samples.ICounterGrain.Add(int)";

        await ReadBack("[5, {\"added\": \"by a newer silo\"}]"u8.ToArray(), id).InvokeAsync(receiver);
        await ReadBack("[]"u8.ToArray(), id).InvokeAsync(receiver);
        await ReadBack("null"u8.ToArray(), id).InvokeAsync(receiver);

        receiver.Value.ShouldBe(5);
    }

    [Fact]
    public async Task Result_round_trips_typed_by_the_request()
    {
        await _counter.Add(7);
        var request = (IWireInvokable)_caller.Sent[0];

        var response = ReadResult(request, WriteResult(request, Response.FromResult(7)));

        ((Response<int>)response).Result.ShouldBe(7);
    }

    [Fact]
    public async Task Void_result_writes_null_and_reads_back_without_a_value()
    {
        await _counter.Reset();
        var request = (IWireInvokable)_caller.Sent[0];

        var bytes = WriteResult(request, Response.FromResult(default(VoidResult)));
        var response = ReadResult(request, bytes);

        Encoding.UTF8.GetString(bytes).ShouldBe("null");
        response.ShouldBeOfType<Response<VoidResult>>().Exception.ShouldBeNull();
    }

    private async Task<Response> Deliver(IInvokable sent, object receiver)
        => await ReadBack(Arguments(sent), sent.Method.Id).InvokeAsync(receiver);

    private static byte[] Arguments(IInvokable request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ((IWireInvokable)request).WriteArguments(writer, s_options);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private IInvokable ReadBack(byte[] arguments, string methodId)
    {
        var reader = new Utf8JsonReader(arguments);
        reader.Read();
        var rebuilt = _registry.Methods[methodId].Read(ref reader, s_options);
        reader.Read().ShouldBeFalse("the reader should stop on the arguments' last token");
        return rebuilt;
    }

    private static byte[] WriteResult(IWireInvokable request, Response response)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            request.WriteResult(writer, response, s_options);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static Response ReadResult(IWireInvokable request, byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        return request.ReadResult(ref reader, s_options);
    }
}
