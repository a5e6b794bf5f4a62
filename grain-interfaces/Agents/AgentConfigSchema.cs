using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Beach.Actors.Agents;

/// <summary>
/// The small JSON-schema subset an agent's manifest may declare for its configuration: an object whose
/// <c>properties</c> each have a <c>type</c> (string, integer, number, boolean), optionally <c>enum</c>,
/// <c>minimum</c>/<c>maximum</c> (numbers) or <c>min_length</c>/<c>max_length</c> (strings) and a <c>default</c>, and a
/// <c>required</c> list. Written here rather than taken from a JSON-schema library: these few keywords are all the
/// seed asks for, the errors must name the field the way every other 400 of the API does, and the same code must
/// run in the silo (validating changes) and in the gateway and the discovery scanner (validating manifests)
/// without a dependency in the contracts assembly. The platform's own keys (see <see cref="Platform"/>) are always
/// declared.
/// </summary>
public sealed class AgentConfigSchema
{
    /// <summary>The most properties a schema may declare.</summary>
    public const int MAX_PROPERTIES = 128;

    private static readonly ImmutableArray<string> s_types = ["string", "integer", "number", "boolean"];

    private AgentConfigSchema(ImmutableDictionary<string, Property> properties, ImmutableArray<string> required)
    {
        Properties = properties;
        Required = required;
    }

    /// <summary>The seed's default configuration (log level, metrics, heartbeat interval), declared for every agent.</summary>
    public static ImmutableDictionary<string, Property> Platform { get; } = new Dictionary<string, Property>(StringComparer.Ordinal)
    {
        ["log_level"] = new("string", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"], null, null, null, null, Json("\"INFO\"")),
        ["metrics_enabled"] = new("boolean", [], null, null, null, null, Json("true")),
        ["heartbeat_interval"] = new("integer", [], 1, 3600, null, null, Json(AgentOptions.DEFAULT_HEARTBEAT_INTERVAL_SECONDS.ToString(CultureInfo.InvariantCulture))),
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>Every declared key: the platform's and the agent's.</summary>
    public ImmutableDictionary<string, Property> Properties { get; }

    /// <summary>Keys that must have a value once the layers are merged.</summary>
    public ImmutableArray<string> Required { get; }

    /// <summary>The schema of an agent that declared none.</summary>
    public static AgentConfigSchema Empty { get; } = new(Platform, []);

    /// <summary>Parses a schema, adding an error under <c>{field}.…</c> for each part that is not of the subset.</summary>
    public static AgentConfigSchema? Parse(JsonElement schema, string field, IDictionary<string, string> errors)
    {
        var before = errors.Count;
        if (schema.ValueKind != JsonValueKind.Object)
        {
            errors[field] = "must be a JSON-schema object.";
            return null;
        }

        if (schema.TryGetProperty("type", out var type) && (type.ValueKind != JsonValueKind.String || type.GetString() != "object"))
        {
            errors[$"{field}.type"] = "must be 'object'.";
        }

        var properties = Platform.ToBuilder();
        if (schema.TryGetProperty("properties", out var declared))
        {
            if (declared.ValueKind != JsonValueKind.Object)
            {
                errors[$"{field}.properties"] = "must be an object of property schemas.";
            }
            else
            {
                foreach (var property in declared.EnumerateObject())
                {
                    if (properties.Count >= MAX_PROPERTIES + Platform.Count)
                    {
                        errors[$"{field}.properties"] = $"must declare at most {MAX_PROPERTIES} properties.";
                        break;
                    }

                    if (ParseProperty(property.Value, $"{field}.properties.{property.Name}", errors) is { } parsed)
                    {
                        properties[property.Name] = parsed;
                    }
                }
            }
        }

        var required = ImmutableArray.CreateBuilder<string>();
        if (schema.TryGetProperty("required", out var requiredList))
        {
            if (requiredList.ValueKind != JsonValueKind.Array || requiredList.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                errors[$"{field}.required"] = "must be an array of property names.";
            }
            else
            {
                foreach (var name in requiredList.EnumerateArray().Select(e => e.GetString()!))
                {
                    if (!properties.ContainsKey(name))
                    {
                        errors[$"{field}.required"] = $"names '{name}', which is not among the properties.";
                    }

                    required.Add(name);
                }
            }
        }

        return errors.Count == before ? new AgentConfigSchema(properties.ToImmutable(), required.ToImmutable()) : null;
    }

    /// <summary>Parses a schema known to be valid (stored with a manifest that passed validation).</summary>
    public static AgentConfigSchema ParseValid(string? schemaJson)
    {
        if (schemaJson is null)
        {
            return Empty;
        }

        using var document = JsonDocument.Parse(schemaJson);
        var errors = new Dictionary<string, string>();
        return Parse(document.RootElement, "config_schema", errors) ?? throw new FormatException(string.Join(" ", errors.Values));
    }

    /// <summary>Checks one value against its key's schema; returns what is wrong, or null.</summary>
    public string? Check(string key, JsonElement value)
    {
        if (!Properties.TryGetValue(key, out var property))
        {
            return $"is not declared in the agent's config schema (declared: {string.Join(", ", Properties.Keys.Order(StringComparer.Ordinal))}).";
        }

        var typeOk = property.Type switch
        {
            "string" => value.ValueKind == JsonValueKind.String,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "number" => value.ValueKind == JsonValueKind.Number,
            _ => false,
        };
        if (!typeOk)
        {
            return $"must be {(property.Type == "integer" ? "an" : "a")} {property.Type}.";
        }

        if (!property.Enum.IsEmpty && !property.Enum.Contains(value.ToString(), StringComparer.Ordinal))
        {
            return $"must be one of {string.Join(", ", property.Enum)}.";
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            var number = value.GetDouble();
            if (property.Minimum is { } min && number < min)
            {
                return $"must be at least {min.ToString(CultureInfo.InvariantCulture)}.";
            }

            if (property.Maximum is { } max && number > max)
            {
                return $"must be at most {max.ToString(CultureInfo.InvariantCulture)}.";
            }
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var length = value.GetString()!.Length;
            if (property.MinLength is { } minLength && length < minLength)
            {
                return $"must be at least {minLength} characters.";
            }

            if (property.MaxLength is { } maxLength && length > maxLength)
            {
                return $"must be at most {maxLength} characters.";
            }
        }

        return null;
    }

    /// <summary>
    /// Reads a value given as text (an environment variable) as its key's type: "30" is the integer 30 for an integer
    /// key. A key the schema does not declare, or text that is not of the type, comes back as null.
    /// </summary>
    public JsonElement? FromText(string key, string text)
    {
        if (!Properties.TryGetValue(key, out var property))
        {
            return null;
        }

        var json = property.Type switch
        {
            "string" => JsonSerializer.Serialize(text),
            "boolean" when bool.TryParse(text, out var flag) => flag ? "true" : "false",
            "integer" when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => integer.ToString(CultureInfo.InvariantCulture),
            "number" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) => number.ToString("R", CultureInfo.InvariantCulture),
            _ => null,
        };
        return json is null ? null : Json(json);
    }

    private static Property? ParseProperty(JsonElement schema, string field, IDictionary<string, string> errors)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            errors[field] = "must be a property schema object.";
            return null;
        }

        var before = errors.Count;
        var type = schema.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : null;
        if (type is null || !s_types.Contains(type))
        {
            errors[$"{field}.type"] = $"must be one of {string.Join(", ", s_types)}.";
            return null;
        }

        var enumValues = ImmutableArray<string>.Empty;
        if (schema.TryGetProperty("enum", out var e))
        {
            if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() == 0)
            {
                errors[$"{field}.enum"] = "must be a non-empty array.";
            }
            else
            {
                enumValues = [.. e.EnumerateArray().Select(v => v.ToString())];
            }
        }

        var minimum = Number(schema, "minimum", field, errors);
        var maximum = Number(schema, "maximum", field, errors);
        if (minimum > maximum)
        {
            errors[$"{field}.maximum"] = "must not be below minimum.";
        }

        var minLength = Number(schema, "min_length", field, errors);
        var maxLength = Number(schema, "max_length", field, errors);
        JsonElement? defaultValue = schema.TryGetProperty("default", out var d) ? d.Clone() : null;
        var property = new Property(type, enumValues, minimum, maximum, (int?)minLength, (int?)maxLength, defaultValue);
        if (defaultValue is { } given && errors.Count == before)
        {
            var probe = new AgentConfigSchema(ImmutableDictionary<string, Property>.Empty.Add("default", property), []);
            if (probe.Check("default", given) is { } wrong)
            {
                errors[$"{field}.default"] = wrong;
            }
        }

        return errors.Count == before ? property : null;
    }

    private static double? Number(JsonElement schema, string name, string field, IDictionary<string, string> errors)
    {
        if (!schema.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            errors[$"{field}.{name}"] = "must be a number.";
            return null;
        }

        return value.GetDouble();
    }

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>One declared key.</summary>
    public sealed record Property(
        string Type,
        ImmutableArray<string> Enum,
        double? Minimum,
        double? Maximum,
        int? MinLength,
        int? MaxLength,
        JsonElement? Default);
}
