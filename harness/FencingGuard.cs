namespace Beach.Actors.Harness;

/// <summary>
/// The harness's own check on what it applies: an action whose fencing token is below the highest the harness has
/// seen comes from a lease that was superseded and is refused, even if the control plane delivered it (an old
/// lease's action redelivered after a new lease's). An action at or below the highest sequence number applied was
/// applied already (a redelivery whose ack was lost) and is acked again without applying it twice.
/// </summary>
internal sealed class FencingGuard
{
    public long HighestFencingToken { get; private set; }

    public long AppliedThrough { get; private set; }

    public Verdict Judge(HarnessAction action)
    {
        if (action.FencingToken < HighestFencingToken)
        {
            return Verdict.Stale;
        }

        HighestFencingToken = action.FencingToken;
        return action.Seq <= AppliedThrough ? Verdict.AlreadyApplied : Verdict.Apply;
    }

    /// <summary>Records that <paramref name="seq"/> was applied (or refused for good): it is never applied again.</summary>
    public void Applied(long seq) => AppliedThrough = Math.Max(AppliedThrough, seq);

    public enum Verdict
    {
        Apply,
        AlreadyApplied,
        Stale,
    }
}
