using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beach.Actors.Runtime.Messaging.Wire;

/// <summary>
/// Carries <see cref="ImmutableArray{T}"/> including its default (uninitialised) value, which the built-in converter
/// cannot enumerate: default travels as null and comes back as default; empty stays empty.
/// </summary>
internal sealed class ImmutableArrayConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert)
        => typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ImmutableArray<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
        => (JsonConverter)Activator.CreateInstance(typeof(ImmutableArrayConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class ImmutableArrayConverter<T> : JsonConverter<ImmutableArray<T>>
    {
        public override bool HandleNull => true;

        public override ImmutableArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return default;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"An ImmutableArray<{typeof(T).Name}> should be a JSON array, not {reader.TokenType}.");
            }

            var builder = ImmutableArray.CreateBuilder<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                builder.Add(JsonSerializer.Deserialize<T>(ref reader, options)!);
            }

            return builder.Count == builder.Capacity ? builder.MoveToImmutable() : builder.ToImmutable();
        }

        public override void Write(Utf8JsonWriter writer, ImmutableArray<T> value, JsonSerializerOptions options)
        {
            if (value.IsDefault)
            {
                writer.WriteNullValue();
                return;
            }

            writer.WriteStartArray();
            foreach (var item in value)
            {
                JsonSerializer.Serialize(writer, item, options);
            }

            writer.WriteEndArray();
        }
    }
}
