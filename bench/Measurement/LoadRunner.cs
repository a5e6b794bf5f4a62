using System.Diagnostics;

namespace Beach.Actors.Bench.Measurement;

/// <summary>
/// Runs <c>concurrency</c> workers for a warm-up and then a measured window, both bounded by time. Closed loop by
/// default (each worker starts its next operation when the last one ends); paced when given a rate, so that latency is
/// measured at that load rather than at saturation. Each worker times every operation with <see cref="Stopwatch"/>
/// timestamps into its own histogram.
/// </summary>
internal static class LoadRunner
{
    private const int WARMING = 0;
    private const int MEASURING = 1;
    private const int STOPPED = 2;

    /// <summary>
    /// Runs the operations that <paramref name="createWorker"/> makes (a result type, so an operation can hand back
    /// the callee's <see cref="ValueTask{TResult}"/> without an async wrapper of its own), one per worker index. An operation that fails
    /// stops the row with its exception: a benchmark of errors measures nothing.
    /// </summary>
    /// <param name="concurrency">How many workers run side by side.</param>
    /// <param name="createWorker">Makes worker <c>i</c>'s operation.</param>
    /// <param name="warmup">How long the workers run before the measured window.</param>
    /// <param name="duration">The measured window.</param>
    /// <param name="opsPerSecond">
    /// When set, the workers together start this many operations per second, each on its own schedule, and an
    /// operation's latency counts from when it was due, not from when it started: a worker held up by a slow
    /// operation reports the wait of the ones behind it (no coordinated omission). A timer that wakes late is counted
    /// against the system, so the figures err high.
    /// </param>
    public static async Task<LoadResult> RunAsync<T>(
        int concurrency, Func<int, Func<ValueTask<T>>> createWorker, TimeSpan warmup, TimeSpan duration, double? opsPerSecond = null)
    {
        var phase = new StrongBox<int>(WARMING);
        var recorders = new LatencyRecorder[concurrency];
        var workers = new Task[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            var recorder = recorders[i] = new LatencyRecorder();
            var operation = createWorker(i);
            if (opsPerSecond is { } rate)
            {
                var interval = (long)(Stopwatch.Frequency * concurrency / rate);
                var first = Stopwatch.GetTimestamp() + interval * i / concurrency;
                workers[i] = Task.Run(() => PacedWorkAsync(operation, recorder, phase, first, interval));
            }
            else
            {
                workers[i] = Task.Run(() => WorkAsync(operation, recorder, phase));
            }
        }

        await Task.WhenAny(Task.Delay(warmup), Task.WhenAny(workers));
        ThrowIfFailed(workers);

        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var pauseBefore = GC.GetTotalPauseDuration();
        var machineBefore = MachineCpu.Read();
        var started = Stopwatch.GetTimestamp();
        Volatile.Write(ref phase.Value, MEASURING);

        await Task.WhenAny(Task.Delay(duration), Task.WhenAny(workers));
        Volatile.Write(ref phase.Value, STOPPED);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var pause = GC.GetTotalPauseDuration() - pauseBefore;
        var machine = MachineCpu.Read();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var collections = (GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);

        await Task.WhenAll(workers);
        var latency = new LatencyRecorder();
        foreach (var recorder in recorders)
        {
            latency.Add(recorder);
        }

        return new LoadResult(latency.Count, elapsed, latency, allocated, collections, cpu, pause,
            machine.IdlePercentSince(machineBefore), machine.StealPercentSince(machineBefore));
    }

    private static async Task WorkAsync<T>(Func<ValueTask<T>> operation, LatencyRecorder recorder, StrongBox<int> phase)
    {
        while (true)
        {
            var startPhase = Volatile.Read(ref phase.Value);
            if (startPhase == STOPPED)
            {
                return;
            }

            var start = Stopwatch.GetTimestamp();
            await operation();
            var end = Stopwatch.GetTimestamp();
            if (startPhase == MEASURING && Volatile.Read(ref phase.Value) == MEASURING)
            {
                recorder.Record(end - start);
            }
        }
    }

    private static async Task PacedWorkAsync<T>(Func<ValueTask<T>> operation, LatencyRecorder recorder, StrongBox<int> phase, long due, long interval)
    {
        while (true)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var startPhase = Volatile.Read(ref phase.Value);
            if (startPhase == STOPPED)
            {
                return;
            }

            await operation();
            var end = Stopwatch.GetTimestamp();
            if (startPhase == MEASURING && Volatile.Read(ref phase.Value) == MEASURING)
            {
                recorder.Record(end - due);
            }

            due += interval;
        }
    }

    private static void ThrowIfFailed(Task[] workers)
    {
        foreach (var worker in workers)
        {
            if (worker.IsFaulted)
            {
                worker.GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>A mutable box the workers share; a field so <see cref="Volatile"/> can take it by reference.</summary>
    private sealed class StrongBox<T>(T value)
    {
        public T Value = value;
    }
}
