namespace Beach.Actors.Actions;

/// <summary>What replaying a session's action stream rebuilds: the pending actions, the next sequence number, the highest token.</summary>
internal sealed class ActionReplay
{
    private readonly SortedDictionary<long, PendingAction> _pending = [];

    public long LastSeq { get; private set; }

    public long HighestFencingToken { get; private set; }

    public IEnumerable<PendingAction> Pending => _pending.Values;

    public void Queued(PendingAction action)
    {
        _pending[action.Seq] = action;
        LastSeq = Math.Max(LastSeq, action.Seq);
        HighestFencingToken = Math.Max(HighestFencingToken, action.FencingToken);
    }

    public void Removed(long seq) => _pending.Remove(seq);

    /// <summary>Starts from a checkpoint: the records after it hold every action still pending there.</summary>
    public void StartAt(long lastSeq, long highestFencingToken)
    {
        LastSeq = lastSeq;
        HighestFencingToken = highestFencingToken;
    }
}
