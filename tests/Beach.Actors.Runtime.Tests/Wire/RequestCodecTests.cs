using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Beach.Actors.Invocation;
using Beach.Actors.Leases;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Sessions;

namespace Beach.Actors.Runtime.Tests.Wire;

public sealed class RequestCodecTests
{
    private static readonly DateTimeOffset s_at = new(2026, 12, 1, 10, 30, 0, 123, TimeSpan.FromHours(1));

    private readonly WireFixture _wire = new();
    private readonly RecordingGrain _grain = new();

    [Fact]
    public async Task Session_registration_arrives_with_its_capabilities_and_metadata()
    {
        using var metadata = JsonDocument.Parse("""{"host":"box","tags":["a","b"],"depth":{"n":1.5}}""");
        var registration = new SessionRegistration("h-1", "terminal_shim", ["terminal_semantic_v1", "pty"], metadata.RootElement.Clone());
        var sent = _wire.Capture<ISessionGrain>("acme/s1", g => g.RegisterAsync(registration));

        var received = _wire.RoundTrip(sent, new GrainId("session", "acme/s1"));
        await received.Body.InvokeAsync(_grain);

        received.Target.ShouldBe(new GrainId("session", "acme/s1"));
        var delivered = _grain.Arguments.Single().ShouldBeOfType<SessionRegistration>();
        delivered.HarnessId.ShouldBe("h-1");
        delivered.HarnessType.ShouldBe("terminal_shim");
        delivered.Capabilities.ShouldBe(["terminal_semantic_v1", "pty"]);
        JsonElement.DeepEquals(delivered.Metadata, registration.Metadata).ShouldBeTrue();
    }

    [Fact]
    public async Task Undefined_metadata_stays_undefined_and_null_metadata_stays_null()
    {
        using var nullDocument = JsonDocument.Parse("null");
        await _wire.RoundTrip(_wire.Capture<ISessionGrain>("acme/s1", g => g.RegisterAsync(new SessionRegistration("h", "t", [], default)))).Body.InvokeAsync(_grain);
        await _wire.RoundTrip(_wire.Capture<ISessionGrain>("acme/s1", g => g.RegisterAsync(new SessionRegistration("h", "t", [], nullDocument.RootElement.Clone())))).Body.InvokeAsync(_grain);

        ((SessionRegistration)_grain.Arguments[0]!).Metadata.ValueKind.ShouldBe(JsonValueKind.Undefined);
        ((SessionRegistration)_grain.Arguments[1]!).Metadata.ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Lease_calls_arrive_with_equal_arguments()
    {
        await _wire.RoundTrip(_wire.Capture<IControllerLeaseGrain>("acme/s1", g => g.AcquireAsync("ctl-1", TimeSpan.FromSeconds(30)))).Body.InvokeAsync(_grain);
        await _wire.RoundTrip(_wire.Capture<IControllerLeaseGrain>("acme/s1", g => g.RenewAsync("lease-1", null, TimeSpan.FromMilliseconds(1500)))).Body.InvokeAsync(_grain);
        await _wire.RoundTrip(_wire.Capture<IControllerLeaseGrain>("acme/s1", g => g.GetEventsAsync(long.MaxValue, 10))).Body.InvokeAsync(_grain);

        _grain.Arguments.ShouldBe(["ctl-1", TimeSpan.FromSeconds(30), "lease-1", null, TimeSpan.FromMilliseconds(1500), long.MaxValue, 10]);
    }

    [Fact]
    public async Task Nested_records_and_immutable_arrays_arrive_whole_and_the_token_stays_behind()
    {
        using var source = new CancellationTokenSource();
        var order = new WireOrder("o-1", new WireCustomer("Ada", null), [new WireLine("sku-1", 2), new WireLine("sku-2", 1)], s_at, 12.345m);
        var sent = _wire.Capture<IWireProbeGrain>("a", g => g.Place(order, source.Token));

        var received = _wire.RoundTrip(sent);
        await received.Body.InvokeAsync(_grain);

        sent.CancellationToken.ShouldBe(source.Token);
        received.Body.HasCancellationToken.ShouldBeTrue();
        received.Body.CancellationToken.ShouldBe(CancellationToken.None);
        var delivered = _grain.Arguments.Single().ShouldBeOfType<WireOrder>();
        delivered.Id.ShouldBe("o-1");
        delivered.Customer.ShouldBe(new WireCustomer("Ada", null));
        delivered.Lines.ShouldBe([new WireLine("sku-1", 2), new WireLine("sku-2", 1)]);
        delivered.At.ShouldBe(s_at);
        delivered.At.Offset.ShouldBe(TimeSpan.FromHours(1));
        delivered.Total.ShouldBe(12.345m);
    }

    [Fact]
    public async Task Default_and_empty_immutable_arrays_stay_apart()
    {
        await _wire.RoundTrip(_wire.Capture<IWireProbeGrain>("a", g => g.Count(default, null).AsTask())).Body.InvokeAsync(_grain);
        await _wire.RoundTrip(_wire.Capture<IWireProbeGrain>("a", g => g.Count([], 3).AsTask())).Body.InvokeAsync(_grain);

        ((ImmutableArray<string>)_grain.Arguments[0]!).IsDefault.ShouldBeTrue();
        _grain.Arguments[1].ShouldBeNull();
        ((ImmutableArray<string>)_grain.Arguments[2]!).IsEmpty.ShouldBeTrue();
        _grain.Arguments[3].ShouldBe(3);
    }

    [Fact]
    public async Task Dictionaries_of_lists_arrive_equal()
    {
        var map = new Dictionary<string, List<int>> { ["a"] = [1, 2], ["b"] = [] };

        await _wire.RoundTrip(_wire.Capture<IWireProbeGrain>("a", g => g.Pair(map))).Body.InvokeAsync(_grain);

        var delivered = _grain.Arguments.Single().ShouldBeOfType<Dictionary<string, List<int>>>();
        delivered.Keys.ShouldBe(["a", "b"]);
        delivered["a"].ShouldBe([1, 2]);
        delivered["b"].ShouldBeEmpty();
    }

    [Fact]
    public void Method_id_target_and_message_id_survive()
    {
        var sent = _wire.Capture<IWireProbeGrain>("a", g => g.Ping());

        var received = _wire.RoundTrip(sent, new GrainId("probe", "tenant/ключ \"quoted\""), messageId: long.MinValue);

        received.MessageId.ShouldBe(long.MinValue);
        received.Target.ShouldBe(new GrainId("probe", "tenant/ключ \"quoted\""));
        received.Body.Method.ShouldBeSameAs(sent.Method);
        received.Body.Method.Id.ShouldBe("Beach.Actors.Runtime.Tests.Wire.IWireProbeGrain.Ping()");
    }

    [Fact]
    public void Call_chain_arrives_newest_first()
    {
        var a = new GrainId("a", "1");
        var b = new GrainId("b", "2");
        var c = new GrainId("c", "3");
        var chain = new CallChain(c, new CallChain(b, new CallChain(a, null)));

        var received = _wire.RoundTrip(_wire.Capture<IWireProbeGrain>("a", g => g.Ping()), chain: chain);

        var path = new List<GrainId>();
        for (var node = received.Chain; node is not null; node = node.Parent)
        {
            path.Add(node.GrainId);
        }

        path.ShouldBe([c, b, a]);
    }

    [Fact]
    public void No_chain_arrives_as_none()
        => _wire.RoundTrip(_wire.Capture<IWireProbeGrain>("a", g => g.Ping())).Chain.ShouldBeNull();

    [Theory]
    [InlineData(null, null)]
    [InlineData(-1, null)]
    [InlineData(0, 0)]
    [InlineData(1500, 1500)]
    [InlineData(int.MaxValue, int.MaxValue)]
    public void Timeout_arrives_finite_or_infinite(int? sentMilliseconds, int? receivedMilliseconds)
    {
        TimeSpan? sent = sentMilliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

        var received = _wire.RoundTrip(_wire.Capture<IWireProbeGrain>("a", g => g.Ping()), timeout: sent);

        received.Timeout.ShouldBe(receivedMilliseconds is { } r ? TimeSpan.FromMilliseconds(r) : null);
    }

    [Fact]
    public void Payload_starts_with_the_message_id_in_eight_little_endian_bytes()
    {
        var payload = WireFixture.Payload(_wire.Capture<IWireProbeGrain>("a", g => g.Ping()), messageId: 0x0102030405060708);

        payload.Slice(0, 8).ToArray().ShouldBe(new byte[] { 8, 7, 6, 5, 4, 3, 2, 1 });
        Messaging.Wire.MessageCodec.ReadMessageId(payload).ShouldBe(0x0102030405060708);
        Encoding.UTF8.GetString(payload.Slice(8).ToArray()).ShouldStartWith("{\"m\":\"Beach.Actors.Runtime.Tests.Wire.IWireProbeGrain.Ping()\"");
    }

    [Fact]
    public async Task Payload_split_across_many_segments_reads_the_same()
    {
        var order = new WireOrder("o-1", new WireCustomer("Ada", "ada@example.org"), [new WireLine("sku", 1)], s_at, 1m);
        var whole = WireFixture.Payload(_wire.Capture<IWireProbeGrain>("a", g => g.Place(order, default)), messageId: 7).ToArray();

        var received = _wire.Codec.ReadRequest(Segmented(whole, 3));
        await received.Body.InvokeAsync(_grain);

        received.MessageId.ShouldBe(7);
        received.Body.Method.Id.ShouldBe("Beach.Actors.Runtime.Tests.Wire.IWireProbeGrain.Place(Beach.Actors.Runtime.Tests.Wire.WireOrder,System.Threading.CancellationToken)");
        _grain.Arguments.Single().ShouldBeOfType<WireOrder>().Customer.Email.ShouldBe("ada@example.org");
    }

    [Fact]
    public void Writing_into_a_buffer_that_already_holds_data_appends()
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("prefix"u8);

        Messaging.Wire.MessageCodec.WriteRequest(buffer, 5, new GrainId("probe", "a"), _wire.Capture<IWireProbeGrain>("a", g => g.Ping()), null, null);

        var received = _wire.Codec.ReadRequest(new ReadOnlySequence<byte>(buffer.WrittenMemory[6..]));
        received.MessageId.ShouldBe(5);
    }

    internal static ReadOnlySequence<byte> Segmented(byte[] bytes, int segmentLength)
    {
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += segmentLength)
        {
            var memory = bytes.AsMemory(offset, Math.Min(segmentLength, bytes.Length - offset));
            last = last is null ? first = new Segment(memory, 0) : last.Append(memory);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
