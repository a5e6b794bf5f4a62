using System.Globalization;

namespace Beach.Actors.Streams;

/// <summary>
/// Where one event sits in its stream: <see cref="Sequence"/> strictly increases, by one per event, within an
/// <see cref="Epoch"/>. The epoch names one life of the stream's retention (it changes when a stream is dropped for
/// idleness or its process restarts), so a token from an earlier life is recognised as such instead of being read as
/// a position in the new one. Its text form, <c>{epoch}-{sequence}</c>, is what SSE sends as the event id.
/// </summary>
/// <param name="Epoch">The life of the stream that assigned the token.</param>
/// <param name="Sequence">The event's position, 1 for the first event of the epoch.</param>
[Immutable]
public readonly record struct StreamSequenceToken(long Epoch, long Sequence) : IComparable<StreamSequenceToken>
{
    /// <summary>Orders tokens by epoch, then sequence. Only tokens of one epoch say which event came first.</summary>
    public int CompareTo(StreamSequenceToken other)
    {
        var byEpoch = Epoch.CompareTo(other.Epoch);
        return byEpoch != 0 ? byEpoch : Sequence.CompareTo(other.Sequence);
    }

    /// <summary>The text form, <c>{epoch}-{sequence}</c> in decimal.</summary>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Epoch}-{Sequence}");

    /// <summary>
    /// Reads the text form <c>{epoch}-{sequence}</c>. Both parts are non-negative decimal integers; anything else is refused.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out StreamSequenceToken token)
    {
        token = default;
        var dash = text.IndexOf('-');
        if (dash <= 0
            || !long.TryParse(text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            || !long.TryParse(text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        token = new StreamSequenceToken(epoch, sequence);
        return true;
    }
}
