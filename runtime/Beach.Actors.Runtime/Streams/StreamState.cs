using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Streams;

/// <summary>What the hub needs of any stream, whatever its item type: to tell and to retire an idle one.</summary>
internal abstract class StreamState(StreamId id, long epoch)
{
    public StreamId Id { get; } = id;

    /// <summary>
    /// This life of the stream; see <see cref="StreamSequenceToken.Epoch"/>. Fixed for a stream homed here; a mirror of a
    /// stream homed on another silo takes the home's epoch, and a new one when the home moves.
    /// </summary>
    public long Epoch { get; protected set; } = epoch;

    public abstract Type ItemType { get; }

    public abstract int SubscriptionCount { get; }

    /// <summary>
    /// Retires the stream if it has no subscription and saw nothing since <paramref name="idleSinceTimestamp"/>. A retired
    /// stream takes nothing more; whoever still holds it looks it up again and gets a new one.
    /// </summary>
    public abstract bool TryRetire(long idleSinceTimestamp);
}
