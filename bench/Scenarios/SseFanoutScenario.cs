using System.Diagnostics;
using System.Text.Json;
using Beach.Actors.Bench.CommandLine;
using Beach.Actors.Bench.Hosting;
using Beach.Actors.Bench.Http;
using Beach.Actors.Bench.Reporting;
using Beach.Actors.Sessions;
using Beach.Actors.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Bench.Scenarios;

/// <summary>
/// Fan-out of one session's events to <see cref="SUBSCRIBERS"/> SSE subscribers over real HTTP on loopback: the
/// embedded host, one registered session, the subscribers connected through <c>GET /sessions/{id}/state/stream</c>,
/// then bursts of <see cref="EVENTS_PER_BURST"/> events published to the session's stream (the grains do not publish
/// yet). Counts the events every subscriber received; memory per subscriber is the process's growth (server and
/// clients both live here) from before the subscribers connected to after, over the subscribers.
/// </summary>
internal sealed class SseFanoutScenario : IScenario
{
    private const int SUBSCRIBERS = 1_000;

    /// <summary>Below the per-connection queue of 1,024, so a burst never overflows a subscriber: every event counts.</summary>
    private const int EVENTS_PER_BURST = 1_000;

    private const int BURSTS = 3;
    private const string SESSION_ID = "bench-sse";
    private static readonly TimeSpan DeliveryLimit = TimeSpan.FromMinutes(2);

    public string Name => "sse-fanout";

    public async Task RunAsync(BenchOptions options, TextWriter output)
    {
        await using var server = await EmbeddedServer.StartAsync();
        await server.Grains.GetGrain<ISessionGrain>(SessionKey.For("dev", SESSION_ID))
            .RegisterAsync(new SessionRegistration("bench-harness", "terminal_shim", ["terminal_semantic_v1"], JsonDocument.Parse("{}").RootElement));
        var stream = server.Services.GetRequiredService<IStreamProvider>().GetStream<SessionEvent>(SessionEvents.StreamOf("dev", SESSION_ID));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = server.Address,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BenchSecurity.Token);

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBefore = WorkingSet();
        using var stop = new CancellationTokenSource();
        var subscribers = Enumerable.Range(0, SUBSCRIBERS).Select(_ => new SseSubscriber()).ToArray();
        var running = new List<Task>(SUBSCRIBERS);
        var connectStarted = Stopwatch.GetTimestamp();
        foreach (var chunk in subscribers.Chunk(100))
        {
            running.AddRange(chunk.Select(s => s.RunAsync(http, $"/sessions/{SESSION_ID}/state/stream", stop.Token)));
            await Task.WhenAll(chunk.Select(s => s.Connected));
        }

        var connectSeconds = Stopwatch.GetElapsedTime(connectStarted).TotalSeconds;
        var heapConnected = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetConnected = WorkingSet();

        var table = new TablePrinter(
            "burst", "subscribers", "events", "deliveries", "seconds", "deliveries/s", "CPU µs/delivery", "publish µs/event", "alloc B/delivery", "gaps");
        var payload = JsonDocument.Parse("""{"action_id":"a-0000000","type":"terminal_input","bytes":42}""").RootElement;
        for (var burst = 0; burst < BURSTS + 1; burst++)
        {
            // The first burst warms up the JIT and the connections' buffers and is not reported.
            var expected = subscribers.Sum(s => s.Events) + (long)SUBSCRIBERS * EVENTS_PER_BURST;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
            var cpuBefore = ProcessorTime();
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < EVENTS_PER_BURST; i++)
            {
                await stream.OnNextAsync(SessionEvent.Create(SessionEventKinds.ActionQueued, DateTimeOffset.UtcNow, payload));
            }

            var published = Stopwatch.GetElapsedTime(started);
            await WaitForAsync(() => subscribers.Sum(s => s.Events) >= expected || subscribers.Any(s => s.Gaps > 0), DeliveryLimit);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
            var cpu = ProcessorTime() - cpuBefore;
            var deliveries = (long)SUBSCRIBERS * EVENTS_PER_BURST;
            if (burst > 0)
            {
                table.Add(
                    burst, SUBSCRIBERS, EVENTS_PER_BURST, deliveries, elapsed.TotalSeconds, deliveries / elapsed.TotalSeconds,
                    cpu.TotalMicroseconds / deliveries, published.TotalMicroseconds / EVENTS_PER_BURST, (double)allocated / deliveries, subscribers.Sum(s => s.Gaps));
            }
        }

        var memory = new TablePrinter("subscribers", "connect s", "heap before MB", "heap connected MB", "heap B/subscriber", "working set B/subscriber");
        memory.Add(
            SUBSCRIBERS, connectSeconds, heapBefore / 1_048_576.0, heapConnected / 1_048_576.0,
            (double)(heapConnected - heapBefore) / SUBSCRIBERS, (double)(workingSetConnected - workingSetBefore) / SUBSCRIBERS);

        await stop.CancelAsync();
        await Task.WhenAll(running);

        output.WriteLine($"## {Name}: one session's events to {SUBSCRIBERS:N0} SSE subscribers, embedded host on {server.Address}, {Environment.ProcessorCount} cores");
        table.Print(output);
        output.WriteLine(
            "seconds: first publish to the last subscriber's last event; CPU and alloc: the whole process (server and clients), "
            + $"so {Environment.ProcessorCount} cores / CPU per delivery bounds deliveries/s on an otherwise idle machine.");
        output.WriteLine();
        memory.Print(output);
        output.WriteLine("Memory per subscriber: growth of the process (server + HttpClient subscribers) from before they connected to after, idle.");
        output.WriteLine();
    }

    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>Checks <paramref name="done"/> every millisecond: the wait is the thing measured, so it must not oversleep.</summary>
    private static async Task WaitForAsync(Func<bool> done, TimeSpan limit)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (!done())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("The subscribers did not receive every event in time.");
            }

            await Task.Delay(1);
        }
    }
}
