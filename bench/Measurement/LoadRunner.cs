using System.Diagnostics;

namespace Beach.Actors.Bench.Measurement;

/// <summary>
/// Runs <c>concurrency</c> closed-loop workers for a warm-up and then a measured window, both bounded by time.
/// Each worker times every operation with <see cref="Stopwatch"/> timestamps into its own histogram.
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
    public static async Task<LoadResult> RunAsync<T>(int concurrency, Func<int, Func<ValueTask<T>>> createWorker, TimeSpan warmup, TimeSpan duration)
    {
        var phase = new StrongBox<int>(WARMING);
        var recorders = new LatencyRecorder[concurrency];
        var workers = new Task[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            var recorder = recorders[i] = new LatencyRecorder();
            var operation = createWorker(i);
            workers[i] = Task.Run(() => WorkAsync(operation, recorder, phase));
        }

        await Task.WhenAny(Task.Delay(warmup), Task.WhenAny(workers));
        ThrowIfFailed(workers);

        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        Volatile.Write(ref phase.Value, MEASURING);

        await Task.WhenAny(Task.Delay(duration), Task.WhenAny(workers));
        Volatile.Write(ref phase.Value, STOPPED);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var collections = (GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);

        await Task.WhenAll(workers);
        var latency = new LatencyRecorder();
        foreach (var recorder in recorders)
        {
            latency.Add(recorder);
        }

        return new LoadResult(latency.Count, elapsed, latency, allocated, collections, cpu);
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
