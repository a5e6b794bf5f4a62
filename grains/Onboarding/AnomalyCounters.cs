namespace Beach.Actors.Onboarding;

/// <summary>
/// The anomaly rule's counters of one assignment, bounded: the actions of the current one-second window (a count),
/// and the times of the latest stale fencing tokens (at most the limit: once it is reached the assignment is revoked).
/// </summary>
internal sealed class AnomalyCounters
{
    private readonly Queue<DateTimeOffset> _stale = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private long _actions;

    /// <summary>Adds <paramref name="count"/> actions at <paramref name="now"/>; the actions of the window they fall in.</summary>
    public long CountActions(DateTimeOffset now, TimeSpan window, int count)
    {
        if (now - _windowStart >= window)
        {
            _windowStart = now;
            _actions = 0;
        }

        _actions += count;
        return _actions;
    }

    /// <summary>Adds <paramref name="count"/> stale tokens at <paramref name="now"/>; the stale tokens within <paramref name="window"/>.</summary>
    public int CountStale(DateTimeOffset now, TimeSpan window, int count, int limit)
    {
        for (var i = 0; i < count; i++)
        {
            _stale.Enqueue(now);
        }

        while (_stale.Count > 0 && (now - _stale.Peek() >= window || _stale.Count > limit))
        {
            _stale.Dequeue();
        }

        return _stale.Count;
    }
}
