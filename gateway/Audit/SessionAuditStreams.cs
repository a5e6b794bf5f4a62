namespace Beach.Actors.Gateway.Audit;

/// <summary>
/// The audit streams that belong to one session: its controller events (written by the controller lease grain under
/// this prefix) and the reads of its state through the API (written by the gateway).
/// </summary>
internal static class SessionAuditStreams
{
    /// <summary>The controller lease grain's stream prefix (ControllerEventCodec.STREAM_PREFIX in grains/).</summary>
    public const string CONTROLLER_PREFIX = "controller/";

    /// <summary>The stream of reads of a session's state through the API.</summary>
    public const string SESSION_PREFIX = "session/";

    public static string[] Of(string sessionId) => [CONTROLLER_PREFIX + sessionId, SESSION_PREFIX + sessionId];
}
