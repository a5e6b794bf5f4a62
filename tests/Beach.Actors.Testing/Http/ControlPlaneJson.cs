using System.Text.Json;

namespace Beach.Actors.Testing.Http;

/// <summary>
/// The control plane's wire contracts as a client reads them. Declared here rather than borrowed from the gateway,
/// so a rename on either side shows up as a failing test instead of silently agreeing with itself.
/// </summary>
public static class ControlPlaneJson
{
    /// <summary>snake_case, as the gateway writes and reads.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}

/// <summary>The body of a session answer.</summary>
public sealed record SessionJson(
    string SessionId,
    string HarnessId,
    string HarnessType,
    IReadOnlyList<string> Capabilities,
    JsonElement Metadata,
    string Status,
    string? HarnessHealth,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? LastHeartbeatAt);

/// <summary>The body of a granted or renewed lease.</summary>
public sealed record LeaseJson(string SessionId, string LeaseId, string ControllerId, long FencingToken, DateTimeOffset ExpiresAt);

/// <summary>One controller event.</summary>
public sealed record ControllerEventJson(
    long Seq,
    string Kind,
    string ControllerId,
    string LeaseId,
    long FencingToken,
    DateTimeOffset At,
    DateTimeOffset ExpiresAt,
    string? Actor = null,
    string? Reason = null);

/// <summary>A page of controller events.</summary>
public sealed record ControllerEventsPageJson(IReadOnlyList<ControllerEventJson> Events, long NextCursor);
