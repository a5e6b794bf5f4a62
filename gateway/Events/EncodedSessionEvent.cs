using Beach.Actors.Streams;

namespace Beach.Actors.Gateway.Events;

/// <summary>One event as it goes on the wire: its JSON (a WebSocket message) and its whole SSE frame, both encoded once.</summary>
internal sealed class EncodedSessionEvent(StreamSequenceToken token, byte[] json, byte[] sseFrame)
{
    public StreamSequenceToken Token { get; } = token;

    public byte[] Json { get; } = json;

    public byte[] SseFrame { get; } = sseFrame;
}
