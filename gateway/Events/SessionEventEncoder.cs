using System.Buffers;
using System.Text;
using System.Text.Json;
using Beach.Actors.Sessions;
using Beach.Actors.Streams;

namespace Beach.Actors.Gateway.Events;

/// <summary>
/// Writes session events and gaps as the clients read them: a JSON object
/// <c>{"id","kind","at","data"}</c> (a gap: <c>{"kind":"stream_gap","reason","after","missed"}</c>), and the SSE frame
/// around it (<c>id:</c> the token, <c>event:</c> the kind, <c>data:</c> the JSON; a gap has no id, so a browser's
/// Last-Event-ID stays on the last real event).
/// </summary>
internal static class SessionEventEncoder
{
    public const string GAP_KIND = "stream_gap";

    private static readonly JsonWriterOptions s_writerOptions = new() { SkipValidation = true };

    public static EncodedSessionEvent Encode(in StreamEvent<SessionEvent> published)
    {
        var json = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(json, s_writerOptions))
        {
            var item = published.Item;
            writer.WriteStartObject();
            writer.WriteString("id", published.Token.ToString());
            writer.WriteString("kind", item.Kind);
            writer.WriteString("at", item.At);
            writer.WritePropertyName("data");
            if (item.Data.ValueKind == JsonValueKind.Undefined)
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                item.Data.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        var frame = new ArrayBufferWriter<byte>(json.WrittenCount + 64);
        WriteLine(frame, "id: ", published.Token.ToString());
        WriteLine(frame, "event: ", SafeEventName(published.Item.Kind));
        WriteData(frame, json.WrittenSpan);
        return new EncodedSessionEvent(published.Token, json.WrittenSpan.ToArray(), frame.WrittenSpan.ToArray());
    }

    public static byte[] EncodeGapJson(StreamGap gap)
    {
        var json = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(json, s_writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", GAP_KIND);
            writer.WriteString("reason", gap.Reason switch
            {
                StreamGapReason.ResumeTokenExpired => "resume_token_expired",
                StreamGapReason.ResumeTokenUnknown => "resume_token_unknown",
                _ => "overflow",
            });
            if (gap.After is { } after)
            {
                writer.WriteString("after", after.ToString());
            }
            else
            {
                writer.WriteNull("after");
            }

            if (gap.Missed is { } missed)
            {
                writer.WriteNumber("missed", missed);
            }
            else
            {
                writer.WriteNull("missed");
            }

            writer.WriteEndObject();
        }

        return json.WrittenSpan.ToArray();
    }

    public static byte[] EncodeGapFrame(StreamGap gap)
    {
        var frame = new ArrayBufferWriter<byte>(160);
        WriteLine(frame, "event: ", GAP_KIND);
        WriteData(frame, EncodeGapJson(gap));
        return frame.WrittenSpan.ToArray();
    }

    private static void WriteLine(ArrayBufferWriter<byte> frame, string field, string value)
    {
        Encoding.UTF8.GetBytes(field, frame);
        Encoding.UTF8.GetBytes(value, frame);
        frame.Write("\n"u8);
    }

    private static void WriteData(ArrayBufferWriter<byte> frame, ReadOnlySpan<byte> json)
    {
        // Compact JSON has no raw line breaks (strings escape them), so one data line carries it.
        frame.Write("data: "u8);
        frame.Write(json);
        frame.Write("\n\n"u8);
    }

    /// <summary>An event name cannot hold a line break, which would end the field: such a kind is sent as <c>message</c>.</summary>
    private static string SafeEventName(string kind)
        => kind.AsSpan().IndexOfAny('\r', '\n') >= 0 || kind.Length == 0 ? "message" : kind;
}
