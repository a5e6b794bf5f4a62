using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Beach.Actors.Agents.Discovery;

/// <summary>
/// Reads a manifest file into a draft. <c>agent.yaml</c> has the API's snake_case fields; <c>.env.discovery</c> is the
/// seed's <c>KEY=VALUE</c> form (<c>AGENT_NAME</c>, <c>AGENT_VERSION</c>, <c>AGENT_DESCRIPTION</c>,
/// <c>DEFAULT_SUBSCRIBED_TOPICS</c> and <c>AGENT_CAPABILITIES</c> comma-separated, <c>DEFAULT_FINDINGS_TOPIC</c>, and
/// <c>AGENT_TYPE</c>, which the seed's example lacks: without it the type is the name in lower case, less an
/// <c>agent</c> suffix, so <c>SecurityAgent</c> is of type <c>security</c>).
/// </summary>
internal static partial class AgentManifestReader
{
    public const string YAML = "agent.yaml";
    public const string YML = "agent.yml";
    public const string ENV = ".env.discovery";

    public static bool IsManifest(string fileName) => fileName is YAML or YML or ENV;

    /// <summary>The draft, or null with what is wrong in <paramref name="errors"/>.</summary>
    public static AgentManifestDraft? Read(string fileName, string text, IDictionary<string, string> errors)
        => fileName == ENV ? ReadEnv(text, errors) : ReadYaml(text, errors);

    private static AgentManifestDraft? ReadYaml(string text, IDictionary<string, string> errors)
    {
        JsonNode? json;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                errors["manifest"] = "must be one YAML document holding a mapping of the manifest's fields.";
                return null;
            }

            json = ToJson(root);
        }
        catch (YamlException error)
        {
            errors["manifest"] = $"is not valid YAML at line {error.Start.Line}, column {error.Start.Column}: {error.Message}";
            return null;
        }
        catch (Exception error) when (error is InvalidCastException or ArgumentException)
        {
            errors["manifest"] = "must use plain text keys, each once.";
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, not a YamlException, for some unterminated flow collections.
            errors["manifest"] = "is not valid YAML: an unterminated [ ] or { } collection.";
            return null;
        }

        return Deserialize(json!, errors);
    }

    private static AgentManifestDraft? ReadEnv(string text, IDictionary<string, string> errors)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !EnvKey().IsMatch(line[..equals].Trim()))
            {
                errors[$"line {i + 1}"] = "must be KEY=VALUE with a key of upper-case letters, digits and '_'.";
                continue;
            }

            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            values[line[..equals].Trim()] = value;
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var name = values.GetValueOrDefault("AGENT_NAME");
        return new AgentManifestDraft
        {
            Name = name,
            Version = values.GetValueOrDefault("AGENT_VERSION"),
            Type = values.GetValueOrDefault("AGENT_TYPE") ?? TypeFromName(name),
            Description = values.GetValueOrDefault("AGENT_DESCRIPTION"),
            SubscribedTopics = List(values.GetValueOrDefault("DEFAULT_SUBSCRIBED_TOPICS")),
            FindingsTopic = values.GetValueOrDefault("DEFAULT_FINDINGS_TOPIC"),
            Capabilities = List(values.GetValueOrDefault("AGENT_CAPABILITIES")),
        };
    }

    private static string? TypeFromName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var lower = name.ToLowerInvariant();
        return lower.Length > "agent".Length && lower.EndsWith("agent", StringComparison.Ordinal) ? lower[..^"agent".Length] : lower;
    }

    private static List<string?>? List(string? commaSeparated)
        => commaSeparated is null ? null : [.. commaSeparated.Split(',').Select(item => (string?)item.Trim())];

    private static AgentManifestDraft? Deserialize(JsonNode json, IDictionary<string, string> errors)
    {
        try
        {
            return json.Deserialize(ManifestJson.Default.AgentManifestDraft);
        }
        catch (JsonException error)
        {
            var field = error.Path is { Length: > 2 } path ? path[2..] : "manifest";
            errors[field] = "is of the wrong type (names and versions are strings: quote a version such as \"1.0\").";
            return null;
        }
    }

    /// <summary>YAML to JSON: plain scalars that read as numbers or booleans become them, quoted ones stay strings.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(pair => KeyValuePair.Create(((YamlScalarNode)pair.Key).Value ?? "", ToJson(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.Plain)
        {
            if (value is "" or "~" or "null")
            {
                return null;
            }

            if (value is "true" or "false")
            {
                return JsonValue.Create(value == "true");
            }

            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return JsonValue.Create(integer);
            }

            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                return JsonValue.Create(number);
            }
        }

        return JsonValue.Create(value);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvKey();
}
