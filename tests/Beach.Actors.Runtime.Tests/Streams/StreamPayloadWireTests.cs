using System.Text;
using System.Text.Json;
using Beach.Actors.Runtime.Messaging.Wire;
using Beach.Actors.Runtime.Streams.Cluster;

namespace Beach.Actors.Runtime.Tests.Streams;

/// <summary>A forwarded stream event on the wire: UTF-8 JSON as base64, and the JSON text earlier silos sent still read.</summary>
public sealed class StreamPayloadWireTests
{
    [Fact]
    public void An_event_travels_as_its_utf8_json_in_base64_and_comes_back_byte_for_byte()
    {
        var item = Encoding.UTF8.GetBytes("""{"Kind":"granted","Reason":"say \"hi\""}""");

        var wire = JsonSerializer.Serialize(new StreamPayload(item), WireSerialization.Options);
        var read = JsonSerializer.Deserialize<StreamPayload>(wire, WireSerialization.Options)!;

        wire.ShouldContain($"\"Utf8\":\"{Convert.ToBase64String(item)}\"");
        wire.ShouldNotContain("Json", Case.Sensitive);
        read.IsLoss.ShouldBeFalse();
        read.Utf8.ShouldBe(item);
    }

    [Fact]
    public void An_event_from_a_silo_that_sent_json_text_is_read_as_that_event_not_as_a_loss()
    {
        var read = JsonSerializer.Deserialize<StreamPayload>("""{"Json":"{\"Kind\":\"granted\"}","Dropped":0}""", WireSerialization.Options)!;

        read.IsLoss.ShouldBeFalse();
        read.Json.ShouldBe("""{"Kind":"granted"}""");
    }

    [Fact]
    public void A_loss_marker_carries_no_event_and_the_count_lost()
    {
        var read = JsonSerializer.Deserialize<StreamPayload>(
            JsonSerializer.Serialize(StreamPayload.Loss(7), WireSerialization.Options), WireSerialization.Options)!;

        read.IsLoss.ShouldBeTrue();
        read.Dropped.ShouldBe(7);
    }
}
