using System.Buffers;
using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Messaging.Wire;

namespace Beach.Actors.Runtime.Tests.Wire;

public sealed class MalformedPayloadTests
{
    private readonly WireFixture _wire = new();

    [Fact]
    public void Payload_shorter_than_its_message_id_is_refused()
    {
        var error = Should.Throw<WireFormatException>(() => _wire.Codec.ReadRequest(new ReadOnlySequence<byte>(new byte[5])));

        error.Message.ShouldContain("5 bytes");
        Should.Throw<WireFormatException>(() => MessageCodec.ReadResponseId(ReadOnlySequence<byte>.Empty));
    }

    [Fact]
    public void Request_truncated_anywhere_is_refused_with_a_wire_format_exception()
    {
        var order = new WireOrder("o", new WireCustomer("Ada", "e"), [new WireLine("s", 1)], DateTimeOffset.UnixEpoch, 1m);
        var whole = WireFixture.Payload(_wire.Capture<IWireProbeGrain>("a", g => g.Place(order, default)), chain: new(new GrainId("c", "1"), null), timeout: TimeSpan.FromSeconds(1)).ToArray();

        for (var length = 0; length < whole.Length; length++)
        {
            var cut = new ReadOnlySequence<byte>(whole, 0, length);
            Should.Throw<WireFormatException>(() => _wire.Codec.ReadRequest(cut), $"cut at {length} of {whole.Length}");
        }
    }

    [Fact]
    public void Response_truncated_anywhere_is_refused_with_a_wire_format_exception()
    {
        var request = _wire.Capture<IWireProbeGrain>("a", g => g.Greet(new WireCustomer("x", null)));
        var whole = WireFixture.ResponsePayload(Response.FromResult(new WireCustomer("Ada", "ada@example.org")), request).ToArray();
        var failure = WireFixture.ResponsePayload(Response.FromException(new OverloadedException("busy", TimeSpan.FromSeconds(1))), request).ToArray();

        foreach (var payload in new[] { whole, failure })
        {
            for (var length = 0; length < payload.Length; length++)
            {
                var cut = new ReadOnlySequence<byte>(payload, 0, length);
                Should.Throw<WireFormatException>(() => MessageCodec.ReadResponse(cut, request), $"cut at {length} of {payload.Length}");
            }
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"m\":5,\"g\":[\"probe\",\"a\"]}")]
    [InlineData("{\"m\":\"Beach.Actors.Runtime.Tests.Wire.IWireProbeGrain.Greet(Beach.Actors.Runtime.Tests.Wire.WireCustomer)\",\"g\":\"probe/a\"}")]
    [InlineData("{\"m\":\"Beach.Actors.Runtime.Tests.Wire.IWireProbeGrain.Greet(Beach.Actors.Runtime.Tests.Wire.WireCustomer)\",\"g\":[\"probe\"]}")]
    [InlineData("{\"m\":\"Beach.Actors.Runtime.Tests.Wire.IWireProbeGrain.Greet(Beach.Actors.Runtime.Tests.Wire.WireCustomer)\",\"g\":[\"probe\",\"a\"],\"a\":{\"Name\":\"x\"}}")]
    [InlineData("{\"m\":\"Beach.Actors.Runtime.Tests.Wire.IWireProbeGrain.Greet(Beach.Actors.Runtime.Tests.Wire.WireCustomer)\",\"g\":[\"probe\",\"a\"],\"a\":[{\"Name\":5}]}")]
    [InlineData("{\"m\":\"Beach.Actors.Runtime.Tests.Wire.IWireProbeGrain.Greet(Beach.Actors.Runtime.Tests.Wire.WireCustomer)\",\"g\":[\"probe\",\"a\"],\"d\":\"soon\"}")]
    [InlineData("{\"m\":\"Beach.Actors.Runtime.Tests.Wire.IWireProbeGrain.Greet(Beach.Actors.Runtime.Tests.Wire.WireCustomer)\",\"g\":[\"probe\",\"a\"],\"c\":{}}")]
    [InlineData("{\"m\":\"Beach.Actors.Runtime.Tests.Wire.IWireProbeGrain.Greet(Beach.Actors.Runtime.Tests.Wire.WireCustomer)\",\"g\":[\"probe\",\"a\"]} trailing")]
    public void Malformed_request_is_refused_with_a_wire_format_exception(string json)
    {
        var error = Should.Throw<WireFormatException>(() => _wire.Codec.ReadRequest(VersionToleranceTests.Handwritten(9, json)));

        error.Message.ShouldStartWith("Request 9");
    }

    [Fact]
    public void Request_without_method_or_target_names_what_is_missing()
    {
        Should.Throw<WireFormatException>(() => _wire.Codec.ReadRequest(VersionToleranceTests.Handwritten(1, "{\"g\":[\"probe\",\"a\"]}")))
            .Message.ShouldContain("names no method");
        Should.Throw<WireFormatException>(() => _wire.Codec.ReadRequest(VersionToleranceTests.Handwritten(1, "{\"m\":\"Beach.Actors.Runtime.Tests.Wire.IWireProbeGrain.Greet(Beach.Actors.Runtime.Tests.Wire.WireCustomer)\"}")))
            .Message.ShouldContain("names no target");
    }

    [Fact]
    public void Unknown_method_id_is_refused_naming_it()
    {
        var payload = VersionToleranceTests.Handwritten(12, "{\"m\":\"Some.Newer.IGrain.Do(int)\",\"g\":[\"probe\",\"a\"],\"a\":[1]}");

        var error = Should.Throw<WireFormatException>(() => _wire.Codec.ReadRequest(payload));

        error.Message.ShouldContain("'Some.Newer.IGrain.Do(int)'");
        error.Message.ShouldContain("Request 12");
    }

    [Fact]
    public void Very_long_unknown_method_id_is_named_too()
    {
        var id = new string('x', 2000);

        var error = Should.Throw<WireFormatException>(() => _wire.Codec.ReadRequest(VersionToleranceTests.Handwritten(1, $"{{\"m\":\"{id}\",\"g\":[\"p\",\"a\"]}}")));

        error.Message.ShouldContain(id);
    }

    [Fact]
    public void Response_without_result_or_exception_is_refused()
    {
        var request = _wire.Capture<IWireProbeGrain>("a", g => g.Ping());

        var error = Should.Throw<WireFormatException>(() => MessageCodec.ReadResponse(VersionToleranceTests.Handwritten(8, "{\"x\":1}"), request));

        error.Message.ShouldContain("neither a result");
    }

    [Fact]
    public void Response_with_a_result_of_the_wrong_type_is_refused()
    {
        var request = _wire.Capture<IWireProbeGrain>("a", g => g.Count([], null).AsTask());

        Should.Throw<WireFormatException>(() => MessageCodec.ReadResponse(VersionToleranceTests.Handwritten(8, "{\"r\":\"three\"}"), request))
            .Message.ShouldStartWith("Response 8");
    }

    [Fact]
    public void Request_that_is_not_generated_cannot_be_written()
    {
        var error = Should.Throw<WireFormatException>(() => WireFixture.Payload(new HandWrittenCall()));

        error.Message.ShouldContain(nameof(HandWrittenCall));
    }

    [Fact]
    public void Argument_that_cannot_be_serialized_fails_the_write_and_leaves_the_output_untouched()
    {
        var buffer = new ArrayBufferWriter<byte>();

        var error = Should.Throw<WireFormatException>(() => MessageCodec.WriteRequest(buffer, 1, new GrainId("p", "a"), new UnserializableCall(), null, null));

        error.Message.ShouldContain("Tests.Broken cannot be written");
        buffer.WrittenCount.ShouldBe(0);
    }

    private sealed class HandWrittenCall : IInvokable
    {
        private static readonly MethodDescriptor s_method = new("Tests", "Hand", InvokeMethodOptions.None);

        public MethodDescriptor Method => s_method;

        public bool HasCancellationToken => false;

        public CancellationToken CancellationToken { get; set; }

        public ValueTask<Response> InvokeAsync(object grain) => new(Response.FromResult(default(VoidResult)));

        public IInvokable DeepCopy() => this;
    }

    private sealed class UnserializableCall : Request<VoidResult>
    {
        private static readonly MethodDescriptor s_method = new("Tests", "Broken", InvokeMethodOptions.None);

        public override MethodDescriptor Method => s_method;

        public override void WriteArguments(System.Text.Json.Utf8JsonWriter writer, System.Text.Json.JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            System.Text.Json.JsonSerializer.Serialize(writer, typeof(string), options);
            writer.WriteEndArray();
        }

        public override Request<VoidResult> DeepCopy() => this;

        protected override ValueTask<VoidResult> InvokeCore(object grain) => default;
    }
}
