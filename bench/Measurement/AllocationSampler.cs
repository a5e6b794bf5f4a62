using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Beach.Actors.Bench.Reporting;

namespace Beach.Actors.Bench.Measurement;

/// <summary>
/// Which types the process allocates most, from the runtime's own sampling: an <c>AllocationTick</c> event about
/// every 100 KB allocated, naming the type of the object that crossed the mark. Sampled, so a type's share is an
/// estimate; good enough to see where the bytes per operation go without a profiler on the machine.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const string RUNTIME_SOURCE = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GC_KEYWORD = (EventKeywords)0x1;
    private const string ALLOCATION_TICK = "GCAllocationTick_V4";

    private readonly ConcurrentDictionary<string, long> _bytesByType = new(StringComparer.Ordinal);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RUNTIME_SOURCE)
        {
            EnableEvents(eventSource, EventLevel.Verbose, GC_KEYWORD);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName != ALLOCATION_TICK || eventData.Payload is not { } payload || eventData.PayloadNames is not { } names)
        {
            return;
        }

        var type = payload[names.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(payload[names.IndexOf("AllocationAmount64")], System.Globalization.CultureInfo.InvariantCulture);
        _bytesByType.AddOrUpdate(type, amount, (_, total) => total + amount);
    }

    /// <summary>The <paramref name="top"/> types by sampled bytes, with their share of all sampled bytes.</summary>
    public void Print(TextWriter output, int top = 30)
    {
        var total = _bytesByType.Values.Sum();
        var table = new TablePrinter("type", "sampled MB", "share");
        foreach (var (type, bytes) in _bytesByType.OrderByDescending(entry => entry.Value).Take(top))
        {
            table.Add(type.Length > 110 ? type[..110] + "…" : type, bytes / 1e6, $"{100.0 * bytes / total:F1}%");
        }

        output.WriteLine($"## allocations by type (sampled every ~100 KB, whole run, {total / 1e6:N0} MB sampled)");
        table.Print(output);
        output.WriteLine();
    }
}
