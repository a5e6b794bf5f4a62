using System.Collections.Immutable;
using System.Text.Json;

namespace Beach.Actors.Sessions;

/// <summary>What a harness says about the session it registers.</summary>
/// <param name="HarnessId">The harness instance that serves the session.</param>
/// <param name="HarnessType">The kind of harness, for example <c>terminal_shim</c> or <c>cabana</c>.</param>
/// <param name="Capabilities">What the harness offers, for example <c>terminal_semantic_v1</c>.</param>
/// <param name="Metadata">Free-form facts about the session, as a JSON object (or undefined).</param>
/// <param name="LeaseOnStale">What happens to the controller lease when the harness goes silent.</param>
[Immutable]
public sealed record SessionRegistration(
    string HarnessId,
    string HarnessType,
    ImmutableArray<string> Capabilities,
    JsonElement Metadata,
    StaleLeasePolicy LeaseOnStale = StaleLeasePolicy.Release);

/// <summary>What a session does with its controller lease when its harness misses the heartbeat deadline.</summary>
public enum StaleLeasePolicy
{
    /// <summary>The lease is released (recorded as such): a controller must acquire again once the harness is back.</summary>
    Release,

    /// <summary>The lease is kept and cannot expire while the harness is away; it resumes when the harness is back.</summary>
    Freeze,
}
