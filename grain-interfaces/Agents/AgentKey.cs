namespace Beach.Actors.Agents;

/// <summary>
/// The key of an agent's grain: <c>{tenant}/{agent}</c>, with agent ids of the form <c>{type}-{uuid}</c> (seed 003,
/// "ID Generation"), so no key of one tenant can name another tenant's agent.
/// </summary>
public static class AgentKey
{
    /// <summary>The longest agent type accepted: the id must stay within the seed's 36 + type characters.</summary>
    public const int MAX_TYPE_LENGTH = 50;

    /// <summary>The grain key of agent <paramref name="agentId"/> of <paramref name="tenant"/>.</summary>
    public static string For(string tenant, string agentId) => $"{tenant}/{agentId}";

    /// <summary>A new id for an agent of <paramref name="type"/>.</summary>
    public static string NewId(string type) => $"{type}-{Guid.NewGuid():D}";

    /// <summary>Splits a grain key into tenant and agent id.</summary>
    public static (string Tenant, string AgentId) Parse(string grainKey)
    {
        var slash = grainKey.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == grainKey.Length - 1)
        {
            throw new ArgumentException($"'{grainKey}' is not an agent key of the form tenant/agent.", nameof(grainKey));
        }

        return (grainKey[..slash], grainKey[(slash + 1)..]);
    }

    /// <summary>Whether <paramref name="type"/> may name an agent type: 1–50 lower-case letters, digits, '_' or '-', starting with a letter.</summary>
    public static bool IsValidType(string? type)
        => !string.IsNullOrEmpty(type)
           && type.Length <= MAX_TYPE_LENGTH
           && char.IsAsciiLetterLower(type[0])
           && type.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');

    /// <summary>Whether <paramref name="agentId"/> is a valid <c>{type}-{uuid}</c>.</summary>
    public static bool IsValidAgentId(string? agentId)
    {
        const int UUID_LENGTH = 36;
        return agentId is { Length: > UUID_LENGTH + 1 }
               && agentId[^(UUID_LENGTH + 1)] == '-'
               && IsValidType(agentId[..^(UUID_LENGTH + 1)])
               && Guid.TryParseExact(agentId[^UUID_LENGTH..], "D", out _);
    }

    /// <summary>The type part of a valid agent id.</summary>
    public static string TypeOf(string agentId) => agentId[..^37];
}
