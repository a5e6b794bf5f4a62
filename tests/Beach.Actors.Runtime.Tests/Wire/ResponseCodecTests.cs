using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Beach.Actors.Invocation;
using Beach.Actors.Leases;
using Beach.Actors.Runtime.Messaging.Wire;
using Beach.Actors.Sessions;

namespace Beach.Actors.Runtime.Tests.Wire;

public sealed class ResponseCodecTests
{
    private static readonly DateTimeOffset s_at = new(2026, 12, 1, 10, 30, 0, TimeSpan.Zero);

    private readonly WireFixture _wire = new();

    [Fact]
    public void Lease_grant_comes_back_equal()
    {
        var request = _wire.Capture<IControllerLeaseGrain>("acme/s1", g => g.AcquireAsync("ctl", TimeSpan.FromSeconds(5)));
        var grant = new LeaseGrant("lease-1", "ctl", 17, s_at);

        var response = WireFixture.RoundTripResponse(Response.FromResult(grant), request);

        response.ShouldBeOfType<Response<LeaseGrant>>().Result.ShouldBe(grant);
    }

    [Fact]
    public void Null_result_comes_back_null()
    {
        var request = _wire.Capture<IControllerLeaseGrain>("acme/s1", g => g.GetCurrentAsync());

        var response = WireFixture.RoundTripResponse(Response.FromResult<LeaseGrant?>(null), request);

        response.ShouldBeOfType<Response<LeaseGrant?>>().Result.ShouldBeNull();
        response.Exception.ShouldBeNull();
    }

    [Fact]
    public void Immutable_array_of_controller_events_comes_back_in_order()
    {
        var request = _wire.Capture<IControllerLeaseGrain>("acme/s1", g => g.GetEventsAsync(0, 10));
        ImmutableArray<ControllerEvent> events =
        [
            new(1, ControllerEventKind.Granted, "ctl", "lease-1", 1, s_at, s_at.AddSeconds(30)),
            new(2, ControllerEventKind.Expired, "ctl", "lease-1", 1, s_at.AddSeconds(30), s_at.AddSeconds(30)),
        ];

        var response = WireFixture.RoundTripResponse(Response.FromResult(events), request);

        response.ShouldBeOfType<Response<ImmutableArray<ControllerEvent>>>().Result.ShouldBe(events);
    }

    [Fact]
    public void Session_info_comes_back_with_metadata_and_optional_timestamps()
    {
        var request = _wire.Capture<ISessionGrain>("acme/s1", g => g.GetAsync());
        using var metadata = JsonDocument.Parse("""{"k":[1,2,3]}""");
        var info = new SessionInfo("s1", "h", "cabana", ["gui"], metadata.RootElement.Clone(), SessionStatus.Active, "ok", s_at, null);

        var result = WireFixture.RoundTripResponse(Response.FromResult<SessionInfo?>(info), request)
            .ShouldBeOfType<Response<SessionInfo?>>().Result.ShouldNotBeNull();

        result.ShouldBe(info with { Capabilities = result.Capabilities, Metadata = result.Metadata });
        result.Capabilities.ShouldBe(["gui"]);
        JsonElement.DeepEquals(result.Metadata, info.Metadata).ShouldBeTrue();
    }

    [Fact]
    public void Task_and_ValueTask_void_results_carry_nothing()
    {
        var ping = _wire.Capture<IWireProbeGrain>("a", g => g.Ping());
        var touch = _wire.Capture<IWireProbeGrain>("a", g => g.Touch("x").AsTask());
        var release = _wire.Capture<IControllerLeaseGrain>("acme/s1", g => g.ReleaseAsync("lease-1"));

        foreach (var request in new[] { ping, touch, release })
        {
            var payload = WireFixture.ResponsePayload(Response.FromResult(default(VoidResult)), request);

            Encoding.UTF8.GetString(payload.Slice(8).ToArray()).ShouldBe("{\"r\":null}");
            MessageCodec.ReadResponse(payload, request).ShouldBeOfType<Response<VoidResult>>();
        }
    }

    [Fact]
    public void ValueTask_result_and_tuple_result_come_back()
    {
        var count = _wire.Capture<IWireProbeGrain>("a", g => g.Count([], null).AsTask());
        var pair = _wire.Capture<IWireProbeGrain>("a", g => g.Pair([]));

        WireFixture.RoundTripResponse(Response.FromResult(3), count).ShouldBeOfType<Response<int>>().Result.ShouldBe(3);
        WireFixture.RoundTripResponse(Response.FromResult((4, "four")), pair).ShouldBeOfType<Response<(int A, string B)>>().Result.ShouldBe((4, "four"));
    }

    [Fact]
    public void Response_id_is_read_before_the_response_is_decoded()
    {
        var request = _wire.Capture<IWireProbeGrain>("a", g => g.Ping());

        var payload = WireFixture.ResponsePayload(Response.FromResult(default(VoidResult)), request, messageId: 991);

        MessageCodec.ReadResponseId(payload).ShouldBe(991);
    }

    [Fact]
    public void Exception_response_comes_back_as_the_exception()
    {
        var request = _wire.Capture<IControllerLeaseGrain>("acme/s1", g => g.AcquireAsync("ctl", TimeSpan.FromSeconds(5)));

        var response = WireFixture.RoundTripResponse(Response.FromException(new LeaseHeldException("other", s_at)), request);

        response.Exception.ShouldBeOfType<LeaseHeldException>().Holder.ShouldBe("other");
    }

    [Fact]
    public void Request_that_could_not_be_decoded_is_answered_with_its_error_without_a_request()
    {
        var request = _wire.Capture<IWireProbeGrain>("a", g => g.Ping());
        var undecodable = VersionToleranceTests.Handwritten(77, "{\"m\":\"Gone.IGrain.Do()\",\"g\":[\"probe\",\"a\"]}");
        var error = Should.Throw<WireFormatException>(() => _wire.Codec.ReadRequest(undecodable));
        var buffer = new ArrayBufferWriter<byte>();

        MessageCodec.WriteResponse(buffer, MessageCodec.ReadMessageId(undecodable), Response.FromException(error), request: null);

        var payload = new ReadOnlySequence<byte>(buffer.WrittenMemory);
        MessageCodec.ReadResponseId(payload).ShouldBe(77);
        MessageCodec.ReadResponse(payload, request).Exception.ShouldBeOfType<WireFormatException>().Message.ShouldContain("'Gone.IGrain.Do()'");
    }

    [Fact]
    public void Result_that_cannot_be_written_is_answered_with_a_wire_format_exception()
    {
        var request = _wire.Capture<IWireProbeGrain>("a", g => g.Count([], null).AsTask());

        var response = WireFixture.RoundTripResponse(Response.FromResult("not an int"), request);

        response.Exception.ShouldBeOfType<WireFormatException>().Message.ShouldContain("IWireProbeGrain.Count");
    }
}
