namespace Beach.Actors.Sessions;

/// <summary>
/// One session (a terminal, a GUI) and its harness: registration, status by heartbeat freshness.
/// Keyed by <see cref="SessionKey"/>.
/// </summary>
[GrainType("session")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the session, or updates it when the same harness registers again. Throws
    /// <see cref="SessionConflictException"/> when another harness already registered this session id.
    /// </summary>
    Task<SessionInfo> RegisterAsync(SessionRegistration registration);

    /// <summary>The session, or null when it was never registered.</summary>
    [ReadOnly]
    Task<SessionInfo?> GetAsync();

    /// <summary>Records a heartbeat (with the harness's own health word, if any). Throws <see cref="SessionNotFoundException"/>.</summary>
    Task<SessionInfo> HeartbeatAsync(string? health);
}
