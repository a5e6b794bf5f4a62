namespace Beach.Actors.Sessions;

/// <summary>
/// The key of a session's grains: <c>{tenant}/{session}</c>. Every grain of a session (the session itself, its
/// controller lease) is keyed this way, so no key of one tenant can name a grain of another.
/// </summary>
public static class SessionKey
{
    /// <summary>The longest session id accepted.</summary>
    public const int MAX_SESSION_ID_LENGTH = 128;

    /// <summary>The grain key of session <paramref name="sessionId"/> of <paramref name="tenant"/>.</summary>
    public static string For(string tenant, string sessionId) => $"{tenant}/{sessionId}";

    /// <summary>Splits a grain key into tenant and session id.</summary>
    public static (string Tenant, string SessionId) Parse(string grainKey)
    {
        var slash = grainKey.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == grainKey.Length - 1)
        {
            throw new ArgumentException($"'{grainKey}' is not a session key of the form tenant/session.", nameof(grainKey));
        }

        return (grainKey[..slash], grainKey[(slash + 1)..]);
    }

    /// <summary>Whether <paramref name="sessionId"/> may name a session: 1–128 of letters, digits, '.', '_', ':' and '-'.</summary>
    public static bool IsValidSessionId(string? sessionId)
        => !string.IsNullOrEmpty(sessionId)
           && sessionId.Length <= MAX_SESSION_ID_LENGTH
           && sessionId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');
}
