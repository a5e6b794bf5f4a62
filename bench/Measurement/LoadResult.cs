namespace Beach.Actors.Bench.Measurement;

/// <summary>What one measured row of a load scenario produced.</summary>
/// <param name="Ops">Operations that started and finished inside the measured window.</param>
/// <param name="Elapsed">The measured window.</param>
/// <param name="Latency">Every measured operation's latency.</param>
/// <param name="AllocatedBytes">Bytes allocated by the whole process (every thread, server and client) in the window.</param>
/// <param name="Collections">Garbage collections of generations 0, 1 and 2 in the window.</param>
/// <param name="ProcessorTime">CPU time of the whole process (every thread, server and client) in the window.</param>
/// <param name="GcPause">How long the garbage collector held the process's managed threads in the window, summed.</param>
/// <param name="IdlePercent">How much of the machine's CPU was idle in the window (every process), in percent.</param>
/// <param name="StealPercent">How much of the machine's CPU the hypervisor gave to other guests in the window, in percent.</param>
internal sealed record LoadResult(
    long Ops,
    TimeSpan Elapsed,
    LatencyRecorder Latency,
    long AllocatedBytes,
    (int Gen0, int Gen1, int Gen2) Collections,
    TimeSpan ProcessorTime,
    TimeSpan GcPause,
    double IdlePercent,
    double StealPercent)
{
    /// <summary>
    /// CPU per operation: unlike ops/s it does not move with disk latency, so it is the steadier measure of work done
    /// on this shared 2-core machine.
    /// </summary>
    public double CpuMicrosecondsPerOp => Ops == 0 ? double.NaN : ProcessorTime.TotalMicroseconds / Ops;

    public double OpsPerSecond => Ops / Elapsed.TotalSeconds;

    public double AllocatedBytesPerOp => Ops == 0 ? double.NaN : (double)AllocatedBytes / Ops;
}
