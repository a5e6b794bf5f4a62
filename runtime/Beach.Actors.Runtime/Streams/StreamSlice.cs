using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Streams;

/// <summary>What <see cref="StreamState{T}.ReadAfter"/> found: retained events of one epoch, oldest first.</summary>
/// <param name="Epoch">The stream's epoch.</param>
/// <param name="FirstSequence">The sequence of the first of <paramref name="Events"/> (last + 1 when there is none).</param>
/// <param name="LastSequence">The stream's newest sequence when read.</param>
/// <param name="Gap">What the reader misses before the events, if anything.</param>
/// <param name="Events">The events.</param>
internal sealed record StreamSlice<T>(long Epoch, long FirstSequence, long LastSequence, StreamGap? Gap, StreamEvent<T>[] Events);
