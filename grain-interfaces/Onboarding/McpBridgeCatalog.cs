using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Beach.Actors.Onboarding;

/// <summary>
/// The bridge tools the control plane offers an onboarded agent over MCP, and the scope each needs. A template's tool
/// is one of these or a domain tool (<c>pong_move</c>) that maps to one; the onboarded token carries exactly the scopes
/// its tools need, so a template without <c>beach_action</c> gives a token that cannot send actions.
/// </summary>
public static class McpBridgeCatalog
{
    // The gateway's scope names (Beach.Actors.Gateway.Security.Scopes), which this assembly cannot reference.
    private const string SESSIONS_READ = "pb:sessions.read";
    private const string CONTROL_WRITE = "pb:control.write";
    private const string HARNESS_PUBLISH = "pb:harness.publish";

    /// <summary>Each bridge tool and the scope it needs.</summary>
    public static readonly FrozenDictionary<string, string> Tools = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // GET /sessions/{id}, its events and streams.
        ["beach_state"] = SESSIONS_READ,
        ["beach_events"] = SESSIONS_READ,

        // POST /sessions/{id}/actions, and renewing the lease the actions go under.
        ["beach_action"] = CONTROL_WRITE,
        ["beach_lease"] = CONTROL_WRITE,

        // The agent's own heartbeats, logs and metrics need no tool: its agent role allows them.
        ["beach_report"] = HARNESS_PUBLISH,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The scopes <paramref name="tools"/> need, sorted, without duplicates.</summary>
    public static ImmutableArray<string> ScopesOf(IEnumerable<McpToolBinding> tools)
        => [.. tools.Select(tool => Tools[tool.MapsTo]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
