using System.Collections.Frozen;

namespace Beach.Actors.Gateway.Security;

/// <summary>
/// The roles a token may carry (space-separated in its <c>roles</c> claim). A role adds scopes to the token's own:
/// <c>admin</c> adds <c>pb:admin</c>; <c>read-only</c> adds <c>pb:sessions.read</c>; <c>agent</c> adds none but lets
/// the agent named by the token's <c>agent_id</c> call its own routes (<see cref="RouteScopes.AgentSelf"/>) and no other
/// agent's; any other name is one of the tenant's custom roles (<c>PUT /roles/{name}</c>), whose scopes it adds.
/// </summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Agent = "agent";
    public const string ReadOnly = "read-only";

    /// <summary>The longest role name.</summary>
    public const int MAX_NAME_LENGTH = 64;

    /// <summary>The built-in roles and the scopes each adds.</summary>
    public static readonly FrozenDictionary<string, string[]> BuiltIn = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [Admin] = [Scopes.Admin],
        [Agent] = [],
        [ReadOnly] = [Scopes.SessionsRead],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="name"/> may name a custom role: 1–64 lower-case letters, digits, '.', '_' or '-', starting with a letter, and no built-in name.</summary>
    public static bool IsValidCustomName(string? name)
        => !string.IsNullOrEmpty(name) && name.Length <= MAX_NAME_LENGTH && char.IsAsciiLetterLower(name[0])
           && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-')
           && !BuiltIn.ContainsKey(name);
}
