using System.Text.Json;

namespace Beach.Actors.Sessions;

/// <summary>What a session keeps in grain storage.</summary>
internal sealed class SessionState
{
    public string? SessionId { get; set; }

    public string? HarnessId { get; set; }

    public string? HarnessType { get; set; }

    public List<string> Capabilities { get; set; } = [];

    public JsonElement? Metadata { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    public DateTimeOffset? LastHeartbeatAt { get; set; }

    public string? HarnessHealth { get; set; }
}
