namespace Beach.Actors.Sessions;

/// <summary>No session with this id was registered (for this tenant).</summary>
public sealed class SessionNotFoundException(string sessionId)
    : Exception($"No session '{sessionId}' is registered.")
{
    /// <summary>The session id that was asked for.</summary>
    public string SessionId { get; } = sessionId;
}

/// <summary>The session id is registered by another harness.</summary>
public sealed class SessionConflictException(string sessionId, string registeredHarnessId)
    : Exception($"Session '{sessionId}' is registered by harness '{registeredHarnessId}'; choose another session_id.")
{
    /// <summary>The session id.</summary>
    public string SessionId { get; } = sessionId;

    /// <summary>The harness that holds the registration.</summary>
    public string RegisteredHarnessId { get; } = registeredHarnessId;
}
