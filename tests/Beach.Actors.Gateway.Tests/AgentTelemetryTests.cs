using System.Net;
using Beach.Actors.Agents;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Testing;

namespace Beach.Actors.Gateway.Tests;

public sealed class AgentTelemetryTests
{
    [Fact]
    public async Task Logs_are_kept_in_a_bounded_ring_that_counts_what_it_dropped_and_filter_by_level_and_time()
    {
        var clock = new ManualTimeProvider();
        await using var host = await AgentHost.StartAsync(clock);
        var id = await host.Api.RegisterIdAsync();
        var start = clock.GetUtcNow();
        var entries = Enumerable.Range(0, 300).Select(i => new
        {
            Timestamp = start.AddSeconds(i),
            Level = i % 10 == 0 ? "error" : "info",
            Message = $"entry {i}",
        }).ToArray();

        var ingest = await host.Api.SendAsync(HttpMethod.Post, $"/agents/{id}/logs", new { Entries = entries });
        var errors = await host.Api.SendAsync(HttpMethod.Get, $"/agents/{id}/logs?level=error&limit=1000");
        var recent = await host.Api.SendAsync(HttpMethod.Get, $"/agents/{id}/logs?since={Uri.EscapeDataString(start.AddSeconds(290).ToString("O"))}");

        var capacity = AgentOptions.DEFAULT_LOG_RING_CAPACITY;
        ingest.Status.ShouldBe(HttpStatusCode.OK);
        ingest.Json.GetProperty("accepted").GetInt32().ShouldBe(300);
        ingest.Json.GetProperty("held").GetInt32().ShouldBe(capacity);
        ingest.Json.GetProperty("dropped_total").GetInt64().ShouldBe(300 - capacity);
        var errorMessages = errors.Json.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList();
        errorMessages.ShouldBe(Enumerable.Range(0, 300).Where(i => i % 10 == 0 && i >= 300 - capacity).Select(i => $"entry {i}").ToList());
        errors.Json.GetProperty("dropped_total").GetInt64().ShouldBe(300 - capacity);
        recent.Json.GetProperty("entries").GetArrayLength().ShouldBe(10);
    }

    [Fact]
    public async Task Metrics_are_queried_by_name_and_a_batch_over_the_bound_is_refused_whole()
    {
        await using var host = await AgentHost.StartAsync(new ManualTimeProvider());
        var id = await host.Api.RegisterIdAsync();

        var ingest = await host.Api.SendAsync(HttpMethod.Post, $"/agents/{id}/metrics", new
        {
            Samples = new object[] { new { Name = "cpu", Value = 0.5 }, new { Name = "events_processed", Value = 10.0 }, new { Name = "cpu", Value = 0.7 } },
        });
        var cpu = await host.Api.SendAsync(HttpMethod.Get, $"/agents/{id}/metrics?name=cpu");
        var tooMany = await host.Api.SendAsync(HttpMethod.Post, $"/agents/{id}/metrics", new
        {
            Samples = Enumerable.Range(0, AgentOptions.DEFAULT_MAX_INGEST_BATCH + 1).Select(i => new { Name = "cpu", Value = (double)i }).ToArray(),
        });
        var badLevel = await host.Api.SendAsync(HttpMethod.Get, $"/agents/{id}/logs?level=loud");

        ingest.Json.GetProperty("accepted").GetInt32().ShouldBe(3);
        cpu.Json.GetProperty("samples").EnumerateArray().Select(s => s.GetProperty("value").GetDouble()).ShouldBe([0.5, 0.7]);
        tooMany.Status.ShouldBe(HttpStatusCode.BadRequest);
        tooMany.FieldError("samples").ShouldContain("at most");
        (await host.Api.SendAsync(HttpMethod.Get, $"/agents/{id}/metrics")).Json.GetProperty("held").GetInt32().ShouldBe(3);
        badLevel.FieldError("level").ShouldContain("warning");
    }
}
