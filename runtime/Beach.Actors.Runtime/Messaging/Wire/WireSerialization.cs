using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Beach.Actors.Runtime.Messaging.Wire;

/// <summary>
/// The one set of JSON options every argument, result and exception property crosses the wire with. Built once:
/// System.Text.Json caches each type's contract on the options instance, so a second instance would pay again.
/// </summary>
internal static class WireSerialization
{
    /// <summary>
    /// Property names as declared (the wire is internal, nobody reads it by eye), public fields included so that
    /// tuples and field-only types carry their values, as the deep copier does; unknown members are skipped, which is
    /// what lets an older silo read a newer silo's records.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            IncludeFields = true,
            PropertyNamingPolicy = null,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitUndefinedJsonElements } },
        };
        options.Converters.Add(new ImmutableArrayConverterFactory());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// A record's <see cref="JsonElement"/> left undefined (SessionRegistration.Metadata when a harness sent none) cannot
    /// be written; leaving it out makes the reader's default, undefined again, so the value arrives as it left.
    /// </summary>
    private static void OmitUndefinedJsonElements(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            if (property.PropertyType == typeof(JsonElement))
            {
                property.ShouldSerialize = static (_, value) => value is JsonElement { ValueKind: not JsonValueKind.Undefined };
            }
        }
    }
}
