using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Beach.Actors.Runtime.Tests.Core;

/// <summary>The scratch JSON writer writes what a new writer would, also when it is reused, nested or grown.</summary>
public sealed class JsonTextTests
{
    [Fact]
    public void The_text_is_what_a_new_writer_writes_with_default_options()
    {
        static void Fields(Utf8JsonWriter writer)
        {
            writer.WriteString("name", "é <tag> \"quoted\"");
            writer.WriteNumber("n", 42);
            writer.WriteString("at", new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero));
        }

        var expected = Fresh(Fields);
        JsonText.Object(Fields).ShouldBe(expected);
        JsonText.Object(Fields).ShouldBe(expected, "reused on the same thread");
    }

    [Fact]
    public void A_nested_call_gets_its_own_writer_and_neither_object_is_spoiled()
    {
        var outer = JsonText.Object(writer =>
        {
            writer.WriteString("a", "1");
            writer.WriteString("inner", JsonText.Object(inner => inner.WriteString("b", "2")));
            writer.WriteString("c", "3");
        });

        outer.ShouldBe("""{"a":"1","inner":"{\u0022b\u0022:\u00222\u0022}","c":"3"}""");
        JsonDocument.Parse(JsonDocument.Parse(outer).RootElement.GetProperty("inner").GetString()!).RootElement.GetProperty("b").GetString().ShouldBe("2");
    }

    [Fact]
    public void An_object_that_failed_halfway_leaves_nothing_behind_for_the_next()
    {
        Should.Throw<InvalidOperationException>(() => JsonText.Object(writer =>
        {
            writer.WriteString("half", "written");
            throw new InvalidOperationException("codec failed");
        }));

        JsonText.Object(writer => writer.WriteNumber("next", 1)).ShouldBe("""{"next":1}""");
    }

    [Fact]
    public void An_object_larger_than_the_retained_buffer_is_written_whole_and_the_next_small_one_too()
    {
        var large = new string('x', 200_000);
        JsonText.Object(writer => writer.WriteString("large", large)).Length.ShouldBe(large.Length + """{"large":""}""".Length);
        JsonText.Object(writer => writer.WriteNumber("small", 1)).ShouldBe("""{"small":1}""");
    }

    private static string Fresh(Action<Utf8JsonWriter> fields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            fields(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
