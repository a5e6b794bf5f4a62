using System.Text.Json;
using Beach.Actors.Streams;

namespace Beach.Actors.Sessions;

/// <summary>Where a session's events are published: one stream per session, keyed like its grains.</summary>
public static class SessionEvents
{
    /// <summary>The namespace of every session's event stream.</summary>
    public const string STREAM_NAMESPACE = "session-events";

    /// <summary>How <see cref="SessionEvent.Create{TData}"/> writes data: snake_case, like the gateway's JSON.</summary>
    public static JsonSerializerOptions DataSerializerOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>The event stream of session <paramref name="sessionId"/> of <paramref name="tenant"/>.</summary>
    public static StreamId StreamOf(string tenant, string sessionId) => new(STREAM_NAMESPACE, SessionKey.For(tenant, sessionId));

    /// <summary>The event stream of the session whose grain key is <paramref name="sessionGrainKey"/> (<c>tenant/session</c>).</summary>
    public static StreamId StreamOfGrainKey(string sessionGrainKey) => new(STREAM_NAMESPACE, sessionGrainKey);
}
