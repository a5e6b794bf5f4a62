using System.Runtime.ExceptionServices;
using System.Text.Json;
using Beach.Actors.Invocation;

namespace Beach.Actors.Runtime.Messaging.Wire;

/// <summary>
/// Carries an exception a grain threw back to its caller with the same type and the properties a caller acts on
/// (a lease's holder, a retry delay, an argument's name). An exception this process cannot rebuild arrives as a
/// <see cref="RemoteGrainException"/> with the original type name and message. The failure path: reflection is
/// fine here, cached per type in <see cref="ExceptionShape"/>.
/// </summary>
internal static class ExceptionCodec
{
    /// <summary>Writes <paramref name="exception"/> as one JSON object; never throws for the exception's own values.</summary>
    public static void Write(Utf8JsonWriter writer, Exception exception, JsonSerializerOptions options)
    {
        var shape = ExceptionShape.For(exception.GetType());
        writer.WriteStartObject();
        writer.WriteString(WireNames.ExceptionType, shape.WireTypeName);
        writer.WriteString(WireNames.ExceptionMessage, ExceptionShape.MessageOf(exception));
        if (exception.StackTrace is { } stackTrace)
        {
            writer.WriteString(WireNames.ExceptionStackTrace, stackTrace);
        }

        writer.WriteStartObject(WireNames.ExceptionProperties);
        foreach (var property in shape.Properties)
        {
            if (property.TrySerialize(exception, options) is { } value)
            {
                writer.WritePropertyName(property.Name);
                writer.WriteRawValue(value, skipInputValidation: true);
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Reads an exception written by <see cref="Write"/>, the reader on its start and left on its end.</summary>
    public static Exception Read(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"An exception should be a JSON object, not {reader.TokenType}.");
        }

        string? typeName = null;
        string? message = null;
        string? stackTrace = null;
        var properties = default(Utf8JsonReader);
        var hasProperties = false;
        while (MessageCodec.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals(WireNames.ExceptionType.EncodedUtf8Bytes))
            {
                reader.Read();
                typeName = reader.GetString();
            }
            else if (reader.ValueTextEquals(WireNames.ExceptionMessage.EncodedUtf8Bytes))
            {
                reader.Read();
                message = reader.GetString();
            }
            else if (reader.ValueTextEquals(WireNames.ExceptionStackTrace.EncodedUtf8Bytes))
            {
                reader.Read();
                stackTrace = reader.GetString();
            }
            else if (reader.ValueTextEquals(WireNames.ExceptionProperties.EncodedUtf8Bytes))
            {
                // Read once the type is known, which a writer need not have put first.
                reader.Read();
                properties = reader;
                hasProperties = reader.TokenType == JsonTokenType.StartObject;
                reader.Skip();
            }
            else
            {
                MessageCodec.SkipValue(ref reader);
            }
        }

        typeName ??= "unknown";
        message ??= string.Empty;
        var exception = Rebuild(typeName, message, hasProperties, ref properties, options);
        if (stackTrace is not null)
        {
            ExceptionDispatchInfo.SetRemoteStackTrace(exception, stackTrace);
        }

        return exception;
    }

    private static Exception Rebuild(string typeName, string message, bool hasProperties, ref Utf8JsonReader properties, JsonSerializerOptions options)
    {
        var shape = ExceptionShape.ForWireName(typeName);
        if (shape is null)
        {
            return new RemoteGrainException(typeName, message);
        }

        try
        {
            var values = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            if (hasProperties)
            {
                while (MessageCodec.NextProperty(ref properties))
                {
                    var property = shape.Find(properties.GetString()!);
                    properties.Read();
                    if (property is null)
                    {
                        properties.Skip();
                        continue;
                    }

                    values[property.Name] = JsonSerializer.Deserialize(ref properties, property.Type, options);
                }
            }

            return shape.Create(message, values) ?? new RemoteGrainException(typeName, message);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            // The type is known but its values do not fit it (another version of it): keep what the caller can read.
            return new RemoteGrainException(typeName, message);
        }
    }
}
