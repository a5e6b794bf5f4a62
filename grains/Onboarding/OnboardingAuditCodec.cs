using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Beach.Actors.Onboarding;

/// <summary>The audit records of onboarding, roles and entitlements: flat snake_case JSON objects.</summary>
internal static class OnboardingAuditCodec
{
    public const string ONBOARDED = "agent_onboarded";
    public const string TOKEN_REFRESHED = "agent_token_refreshed";
    public const string REVOKED = "agent_assignment_revoked";
    public const string ENDED = "agent_assignment_ended";

    /// <summary>A JSON object of <paramref name="fields"/>; values are strings, numbers, booleans, string lists or nodes.</summary>
    public static string Object(params (string Name, object? Value)[] fields)
    {
        var json = new JsonObject();
        foreach (var (name, value) in fields)
        {
            json[name] = value switch
            {
                null => null,
                string text => JsonValue.Create(text),
                int number => JsonValue.Create(number),
                long number => JsonValue.Create(number),
                bool flag => JsonValue.Create(flag),
                DateTimeOffset at => JsonValue.Create(at),
                ImmutableArray<string> list => new JsonArray([.. list.Select(item => (JsonNode?)JsonValue.Create(item))]),
                JsonNode node => node,
                _ => JsonValue.Create(value.ToString()),
            };
        }

        return json.ToJsonString();
    }
}
