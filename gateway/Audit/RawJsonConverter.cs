using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beach.Actors.Gateway.Audit;

/// <summary>
/// Writes a string that holds JSON as that JSON, byte for byte: a record's hash covers its data as stored, and a
/// re-serialized copy (other escaping, other spacing) would no longer hash the same on the client.
/// </summary>
internal sealed class RawJsonConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    // Validated, so that a record whose data is not JSON fails the response instead of corrupting it.
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
        => writer.WriteRawValue(value, skipInputValidation: false);
}
