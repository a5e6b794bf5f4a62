using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Beach.Actors.Cluster;
using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Messaging.Wire;

namespace Beach.Actors.Runtime.Tests.Wire;

/// <summary>
/// "A newer silo's message with an extra field is handled by an older one": two versions of an argument record and of
/// the header, the newer written by a stand-in for a newer build, read by this build's codec.
/// </summary>
public sealed class VersionToleranceTests
{
    private const string GREET_ID = "Beach.Actors.Runtime.Tests.Wire.IWireProbeGrain.Greet(Beach.Actors.Runtime.Tests.Wire.WireCustomer)";

    private readonly WireFixture _wire = new();
    private readonly RecordingGrain _grain = new();

    [Fact]
    public async Task Argument_record_with_a_property_added_by_a_newer_silo_is_read_by_an_older_one()
    {
        // The newer build's WireCustomer gained Loyalty; the method's id is unchanged, since the type's name is.
        var newer = new NewerGreetRequest(new WireCustomerV2("Ada", "ada@example.org", "gold"));

        var received = _wire.RoundTrip(newer);
        await received.Body.InvokeAsync(_grain);

        received.Body.Method.Id.ShouldBe(GREET_ID);
        _grain.Arguments.Single().ShouldBe(new WireCustomer("Ada", "ada@example.org"));
    }

    [Fact]
    public async Task Argument_record_without_a_property_an_older_silo_never_had_gets_its_default()
    {
        var payload = Handwritten(0, """{"m":"{{GREET_ID}}","g":["probe","a"],"a":[{"Name":"Ada"}]}""");

        await _wire.Codec.ReadRequest(payload).Body.InvokeAsync(_grain);

        _grain.Arguments.Single().ShouldBe(new WireCustomer("Ada", null));
    }

    [Fact]
    public async Task Header_with_unknown_fields_in_any_order_is_read_by_an_older_silo()
    {
        var payload = Handwritten(3, """
            {
              "v": 2,
              "a": [{"Name":"Ada","Email":null,"Loyalty":"gold"}, "an argument added by a newer silo"],
              "trace": {"id": "00-abc", "baggage": [1, 2, {"x": null}]},
              "g": ["probe", "a", "a newer silo's grain id part"],
              "m": "{{GREET_ID}}",
              "c": [["caller", "1", "extra"]],
              "d": 50000000,
              "priority": true
            }
            """);

        var received = _wire.Codec.ReadRequest(payload);
        await received.Body.InvokeAsync(_grain);

        received.MessageId.ShouldBe(3);
        received.Target.ShouldBe(new GrainId("probe", "a"));
        received.Chain.ShouldNotBeNull().GrainId.ShouldBe(new GrainId("caller", "1"));
        received.Timeout.ShouldBe(TimeSpan.FromSeconds(5));
        _grain.Arguments.Single().ShouldBe(new WireCustomer("Ada", null));
    }

    [Fact]
    public void Header_without_optional_fields_gets_no_chain_no_timeout_and_default_arguments()
    {
        var payload = Handwritten(4, """{"m":"{{GREET_ID}}","g":["probe","a"]}""");

        var received = _wire.Codec.ReadRequest(payload);

        received.Chain.ShouldBeNull();
        received.Timeout.ShouldBeNull();
        received.Body.Method.Id.ShouldBe(GREET_ID);
    }

    [Fact]
    public void Result_record_and_response_with_fields_added_by_a_newer_silo_are_read_by_an_older_one()
    {
        var request = _wire.Capture<IWireProbeGrain>("a", g => g.Greet(new WireCustomer("x", null)));
        var payload = Handwritten(5, """{"served-by":"silo-9","r":{"Loyalty":"gold","Name":"Ada","Email":"a@b"},"timing":[1,2]}""");

        var response = MessageCodec.ReadResponse(payload, request);

        response.ShouldBeOfType<Response<WireCustomer>>().Result.ShouldBe(new WireCustomer("Ada", "a@b"));
    }

    [Theory]
    [InlineData("\"127.0.0.1:5001@42\"", true)]
    [InlineData("\"not a silo\"", false)]
    [InlineData("{\"host\":\"127.0.0.1\"}", false)]
    public void A_served_by_hint_is_read_when_it_names_a_silo_and_ignored_when_it_does_not(string hint, bool named)
    {
        var request = _wire.Capture<IWireProbeGrain>("a", g => g.Greet(new WireCustomer("x", null)));
        var payload = Handwritten(5, """{"r":{"Name":"Ada","Email":null},"h":HINT}""".Replace("HINT", hint, StringComparison.Ordinal));

        var response = MessageCodec.ReadResponse(payload, request, out var servedBy);

        response.ShouldBeOfType<Response<WireCustomer>>().Result.ShouldBe(new WireCustomer("Ada", null));
        servedBy.ShouldBe(named ? new SiloAddress("127.0.0.1", 5001, 42) : null);
    }

    [Fact]
    public void A_hint_is_written_with_a_result_and_never_with_an_exception()
    {
        var request = _wire.Capture<IWireProbeGrain>("a", g => g.Greet(new WireCustomer("x", null)));
        var silo = new SiloAddress("127.0.0.1", 5001, 42);
        var result = new ArrayBufferWriter<byte>();
        var failure = new ArrayBufferWriter<byte>();
        MessageCodec.WriteResponse(result, 3, Response.FromResult(new WireCustomer("Ada", null)), request, silo);
        MessageCodec.WriteResponse(failure, 4, Response.FromException(new InvalidOperationException("no")), request, silo);

        MessageCodec.ReadResponse(new ReadOnlySequence<byte>(result.WrittenMemory), request, out var resultBy).Exception.ShouldBeNull();
        resultBy.ShouldBe(silo);
        MessageCodec.ReadResponse(new ReadOnlySequence<byte>(failure.WrittenMemory), request, out var failureBy).Exception.ShouldNotBeNull();
        failureBy.ShouldBeNull();
    }

    [Fact]
    public void Exception_with_fields_added_by_a_newer_silo_is_read_by_an_older_one()
    {
        var request = _wire.Capture<IWireProbeGrain>("a", g => g.Ping());
        var type = typeof(OverloadedException).FullName + ", " + typeof(OverloadedException).Assembly.GetName().Name;
        var payload = Handwritten(6, """{"e":{"t":"TYPE","code":7,"m":"busy","p":{"RetryAfter":"00:00:02","Shard":3}}}""".Replace("TYPE", type, StringComparison.Ordinal));

        var exception = MessageCodec.ReadResponse(payload, request).Exception.ShouldBeOfType<OverloadedException>();

        exception.Message.ShouldBe("busy");
        exception.RetryAfter.ShouldBe(TimeSpan.FromSeconds(2));
    }

    internal static ReadOnlySequence<byte> Handwritten(long messageId, string json)
    {
        var body = Encoding.UTF8.GetBytes(json.Replace("{{GREET_ID}}", GREET_ID, StringComparison.Ordinal));
        var payload = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt64LittleEndian(payload, messageId);
        body.CopyTo(payload, 8);
        return new ReadOnlySequence<byte>(payload);
    }

    /// <summary>What a newer build's generated request for Greet writes: the same method id, a customer with more in it.</summary>
    private sealed class NewerGreetRequest(WireCustomerV2 customer) : Request<WireCustomer>
    {
        private static readonly MethodDescriptor s_method = new(
            "Beach.Actors.Runtime.Tests.Wire.IWireProbeGrain", "Greet", InvokeMethodOptions.None, null, GREET_ID);

        public override MethodDescriptor Method => s_method;

        public override void WriteArguments(Utf8JsonWriter writer, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            JsonSerializer.Serialize(writer, customer, options);
            writer.WriteEndArray();
        }

        public override Request<WireCustomer> DeepCopy() => this;

        protected override ValueTask<WireCustomer> InvokeCore(object grain) => throw new NotSupportedException("Only sent in this test.");
    }
}
