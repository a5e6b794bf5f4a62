using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Beach.Actors.Agents;

/// <summary>
/// The seed's validation of a manifest (seed 003, "Validation": required fields, version format, topic names) for
/// the API and the discovery scanner alike. Conflicts (a name and version registered already) are the registry's.
/// Field names in errors are the API's snake_case ones.
/// </summary>
public static partial class AgentManifestValidator
{
    /// <summary>The longest name (the seed's <c>VARCHAR(255)</c>).</summary>
    public const int MAX_NAME_LENGTH = 255;

    /// <summary>The longest description.</summary>
    public const int MAX_DESCRIPTION_LENGTH = 1_024;

    /// <summary>The most topics an agent subscribes to.</summary>
    public const int MAX_TOPICS = 64;

    /// <summary>The longest topic name.</summary>
    public const int MAX_TOPIC_LENGTH = 255;

    /// <summary>The most capabilities.</summary>
    public const int MAX_CAPABILITIES = 64;

    /// <summary>The longest capability.</summary>
    public const int MAX_CAPABILITY_LENGTH = 128;

    /// <summary>The most restarts a policy may allow in a row.</summary>
    public const int MAX_RESTARTS_LIMIT = 100;

    /// <summary>The longest back-off a policy may name: one hour.</summary>
    public const long MAX_BACKOFF_MS_LIMIT = 3_600_000;

    /// <summary>Validates <paramref name="draft"/>; the manifest, or null with every error in <paramref name="errors"/>.</summary>
    public static AgentManifest? Validate(AgentManifestDraft draft, IDictionary<string, string> errors)
    {
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(draft.Name))
        {
            errors["name"] = "is required.";
        }
        else if (draft.Name.Length > MAX_NAME_LENGTH || !NamePattern().IsMatch(draft.Name))
        {
            errors["name"] = $"must start with a letter and hold only letters, digits, '_', '-' and '.', at most {MAX_NAME_LENGTH} characters.";
        }

        if (string.IsNullOrWhiteSpace(draft.Version))
        {
            errors["version"] = "is required.";
        }
        else if (!SemanticVersion().IsMatch(draft.Version))
        {
            errors["version"] = "must be a semantic version MAJOR.MINOR.PATCH (for example 1.0.0 or 2.1.0-rc.1).";
        }

        if (string.IsNullOrWhiteSpace(draft.Type))
        {
            errors["type"] = "is required.";
        }
        else if (!AgentKey.IsValidType(draft.Type))
        {
            errors["type"] = $"must be 1–{AgentKey.MAX_TYPE_LENGTH} lower-case letters, digits, '_' or '-', starting with a letter.";
        }

        if (draft.Description is { Length: > MAX_DESCRIPTION_LENGTH })
        {
            errors["description"] = $"must be at most {MAX_DESCRIPTION_LENGTH} characters.";
        }

        var topics = List(draft.SubscribedTopics, "subscribed_topics", MAX_TOPICS, topic => TopicProblem(topic, wildcards: true), errors);
        if (draft.FindingsTopic is not null && TopicProblem(draft.FindingsTopic, wildcards: false) is { } findingsProblem)
        {
            errors["findings_topic"] = findingsProblem;
        }

        var capabilities = List(
            draft.Capabilities,
            "capabilities",
            MAX_CAPABILITIES,
            capability => capability.Length <= MAX_CAPABILITY_LENGTH && CapabilityPattern().IsMatch(capability)
                ? null
                : $"must be 1–{MAX_CAPABILITY_LENGTH} lower-case letters, digits, '_', '.', ':' or '-'.",
            errors);

        string? schemaJson = null;
        if (draft.ConfigSchema is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } schema
            && AgentConfigSchema.Parse(schema, "config_schema", errors) is not null)
        {
            schemaJson = schema.GetRawText();
        }

        var restart = RestartPolicy(draft.RestartPolicy, errors);
        return errors.Count != before
            ? null
            : new AgentManifest(draft.Name!, draft.Version!, draft.Type!, draft.Description, topics, draft.FindingsTopic, capabilities, schemaJson, restart);
    }

    /// <summary>What is wrong with a topic name, or null. Topics are dot-separated tokens; subscriptions may use <c>*</c> for a token and <c>&gt;</c> as the last.</summary>
    public static string? TopicProblem(string topic, bool wildcards)
    {
        if (topic.Length is 0 or > MAX_TOPIC_LENGTH)
        {
            return $"must be 1–{MAX_TOPIC_LENGTH} characters.";
        }

        var tokens = topic.Split('.');
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (wildcards && (token == "*" || (token == ">" && i == tokens.Length - 1)))
            {
                continue;
            }

            if (!TopicToken().IsMatch(token))
            {
                return wildcards
                    ? "must be dot-separated tokens of letters, digits, '_' or '-' (a token may be '*', the last may be '>'), for example logs.security."
                    : "must be dot-separated tokens of letters, digits, '_' or '-', without wildcards, for example findings.security.";
            }
        }

        return null;
    }

    private static ImmutableArray<string> List(List<string?>? values, string field, int max, Func<string, string?> problem, IDictionary<string, string> errors)
    {
        if (values is null)
        {
            return [];
        }

        if (values.Count > max)
        {
            errors[field] = $"must list at most {max}.";
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (string.IsNullOrWhiteSpace(value))
            {
                errors[$"{field}[{i}]"] = "must not be blank.";
            }
            else if (problem(value) is { } wrong)
            {
                errors[$"{field}[{i}]"] = wrong;
            }
            else if (!seen.Add(value))
            {
                errors[$"{field}[{i}]"] = $"'{value}' is listed twice.";
            }
        }

        return [.. values.Where(v => v is not null).Select(v => v!)];
    }

    private static AgentRestartPolicy? RestartPolicy(RestartPolicyDraft? draft, IDictionary<string, string> errors)
    {
        if (draft is null)
        {
            return null;
        }

        var before = errors.Count;
        var max = draft.MaxRestarts ?? AgentOptions.DEFAULT_MAX_RESTARTS;
        var initial = draft.InitialBackoffMs ?? AgentOptions.DEFAULT_RESTART_INITIAL_BACKOFF_SECONDS * 1_000L;
        var maxBackoff = draft.MaxBackoffMs ?? Math.Max(initial, AgentOptions.DEFAULT_RESTART_MAX_BACKOFF_SECONDS * 1_000L);
        if (max is < 0 or > MAX_RESTARTS_LIMIT)
        {
            errors["restart_policy.max_restarts"] = $"must be from 0 to {MAX_RESTARTS_LIMIT}.";
        }

        if (initial is < 1 or > MAX_BACKOFF_MS_LIMIT)
        {
            errors["restart_policy.initial_backoff_ms"] = $"must be from 1 to {MAX_BACKOFF_MS_LIMIT}.";
        }

        if (maxBackoff < initial || maxBackoff > MAX_BACKOFF_MS_LIMIT)
        {
            errors["restart_policy.max_backoff_ms"] = $"must be from initial_backoff_ms to {MAX_BACKOFF_MS_LIMIT}.";
        }

        return errors.Count != before ? null : new AgentRestartPolicy(max, TimeSpan.FromMilliseconds(initial), TimeSpan.FromMilliseconds(maxBackoff));
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    // Semantic Versioning 2.0.0's own expression.
    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex SemanticVersion();

    [GeneratedRegex(@"^[A-Za-z0-9_\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TopicToken();

    [GeneratedRegex(@"^[a-z0-9_.:\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex CapabilityPattern();
}
