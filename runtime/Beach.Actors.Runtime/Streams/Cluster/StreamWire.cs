using System.Collections.Immutable;
using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Streams.Cluster;

/// <summary>An event a process forwards to its stream's home, with the losses of that stream since its last one.</summary>
[Immutable]
internal sealed record ForwardedEvent(string Namespace, string Key, StreamPayload Payload, long DroppedBefore)
{
    public StreamId Stream => new(Namespace, Key);
}

/// <summary>A reader's pull: the events of a stream after its last token (none: every retained event).</summary>
[Immutable]
internal sealed record StreamPull(string Namespace, string Key, bool HasToken, long Epoch, long Sequence, int Max, long WaitMilliseconds)
{
    public StreamId Stream => new(Namespace, Key);

    public StreamSequenceToken? After => HasToken ? new StreamSequenceToken(Epoch, Sequence) : null;
}

/// <summary>
/// The home's answer to a <see cref="StreamPull"/>: retained events from <see cref="FirstSequence"/> on, in
/// <see cref="Epoch"/>, and the gap before them if the reader's token was from another epoch or too old. Or
/// <see cref="MovedTo"/>: this silo is not the stream's home by its view (try that one); or <see cref="Busy"/>.
/// </summary>
[Immutable]
internal sealed record StreamPullResult(
    long Epoch,
    long FirstSequence,
    long LastSequence,
    StreamGapReason? GapReason,
    long? GapMissed,
    ImmutableArray<StreamPayload> Events,
    string? MovedTo = null,
    bool Busy = false)
{
    public static StreamPullResult Moved(string? home) => new(0, 0, 0, null, null, [], home ?? "");

    public static StreamPullResult Overloaded() => new(0, 0, 0, null, null, [], Busy: true);
}
