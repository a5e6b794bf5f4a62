namespace Beach.Actors.Bench.Measurement;

/// <summary>
/// A group-commit writer's loop over one row: its batches, the time its timed phases were busy, and the row's wall
/// time. Idle is the wall time less the busy phases, not the writer's own <c>Waiting</c>: a wait is counted when it
/// ends, so a row whose first write comes after an idle floor row would count that whole row. Idle therefore also
/// holds the few steps of the loop that are not timed.
/// </summary>
internal readonly record struct WriterLoopTiming(long Batches, TimeSpan Busy, TimeSpan Wall)
{
    public TimeSpan Idle => Wall - Busy;

    public double BusyPercent => 100 * Busy / Wall;

    /// <summary>Microseconds of <paramref name="phase"/> per batch; NaN when no batch committed.</summary>
    public double PerBatch(TimeSpan phase) => Batches == 0 ? double.NaN : phase.TotalMicroseconds / Batches;
}
