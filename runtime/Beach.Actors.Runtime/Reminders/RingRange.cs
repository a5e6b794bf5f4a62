namespace Beach.Actors.Runtime.Reminders;

/// <summary>A range (begin, end] of the hash ring; one with begin ≥ end wraps round zero, so (0, 0] is the whole ring.</summary>
internal readonly record struct RingRange(uint Begin, uint End)
{
    public static readonly RingRange Whole = new(0, 0);

    public bool Contains(uint hash) => Begin < End ? hash > Begin && hash <= End : hash > Begin || hash <= End;
}
