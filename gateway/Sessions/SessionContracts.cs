using System.Text.Json;

namespace Beach.Actors.Gateway.Sessions;

/// <summary>The body of <c>POST /sessions/register</c>.</summary>
public sealed class RegisterSessionRequest
{
    /// <summary>The session's id; generated when absent.</summary>
    public string? SessionId { get; set; }

    /// <summary>The harness that serves the session.</summary>
    public string? HarnessId { get; set; }

    /// <summary>The kind of harness, for example <c>terminal_shim</c>.</summary>
    public string? HarnessType { get; set; }

    /// <summary>What the harness offers.</summary>
    public List<string?>? Capabilities { get; set; }

    /// <summary>Free-form facts about the session: a JSON object.</summary>
    public JsonElement? Metadata { get; set; }

    /// <summary>What happens to the controller lease when the harness goes silent: <c>release</c> (the default) or <c>freeze</c>.</summary>
    public string? LeaseOnStale { get; set; }
}

/// <summary>The body of <c>POST /sessions/{id}/health</c>; optional.</summary>
public sealed class SessionHealthRequest
{
    /// <summary>The harness's own word for its health, for example <c>ok</c> or <c>degraded</c>.</summary>
    public string? Status { get; set; }
}

/// <summary>A session as the API shows it.</summary>
public sealed record SessionResponse(
    string SessionId,
    string HarnessId,
    string HarnessType,
    IReadOnlyList<string> Capabilities,
    JsonElement Metadata,
    string Status,
    string? HarnessHealth,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? LastHeartbeatAt);
