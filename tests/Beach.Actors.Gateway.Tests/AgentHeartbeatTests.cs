using System.Net;
using Beach.Actors.Agents;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Testing;

namespace Beach.Actors.Gateway.Tests;

public sealed class AgentHeartbeatTests
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(AgentOptions.DEFAULT_HEARTBEAT_INTERVAL_SECONDS);
    private static readonly TimeSpan s_window = s_interval * AgentOptions.DEFAULT_MISSED_HEARTBEATS_BEFORE_FAILURE;

    // Timers fall due just past the window; advancing exactly to that moment makes the grain read the same time.
    private static TimeSpan Tick => TimeSpan.FromTicks(1);

    [Fact]
    public async Task A_heartbeat_is_shown_in_health()
    {
        var clock = new ManualTimeProvider();
        await using var host = await AgentHost.StartAsync(clock);
        var id = await host.Api.RegisterIdAsync();
        await host.Api.CommandAsync(id, "start");

        var beat = await host.Api.HeartbeatAsync(id, "degraded", uptime: 3600, metrics: new { EventsProcessed = 12.0 });
        clock.Advance(s_interval * 2);
        var health = await host.Api.HealthAsync(id);

        beat.Status.ShouldBe(HttpStatusCode.OK);
        health.Str("status").ShouldBe("running");
        health.Str("health").ShouldBe("degraded");
        health.Json.GetProperty("uptime").GetInt64().ShouldBe(3600);
        health.Json.GetProperty("heartbeat_interval_seconds").GetDouble().ShouldBe(30);
        health.Json.GetProperty("missed_heartbeats").GetInt32().ShouldBe(2);
        var metrics = await host.Api.SendAsync(HttpMethod.Get, $"/agents/{id}/metrics?name=events_processed");
        metrics.Json.GetProperty("samples")[0].GetProperty("value").GetDouble().ShouldBe(12);
    }

    [Fact]
    public async Task Missing_the_beats_fails_the_agent_and_the_restart_policy_brings_it_back_with_backoff()
    {
        var clock = new ManualTimeProvider();
        await using var host = await AgentHost.StartAsync(clock);
        var id = await host.Api.RegisterIdAsync(AgentApi.Manifest(restartPolicy: new { MaxRestarts = 2, InitialBackoffMs = 1_000, MaxBackoffMs = 10_000 }));
        await host.Api.CommandAsync(id, "start");
        await host.Api.HeartbeatAsync(id);

        clock.Advance(s_window);
        (await host.Api.HealthAsync(id)).Str("status").ShouldBe("running");

        clock.Advance(Tick);
        var failed = await host.Api.HealthAsync(id);
        failed.Str("status").ShouldBe("failed");
        failed.Str("last_failure").ShouldContain("missed 3 heartbeats");
        failed.Json.GetProperty("next_restart_at").GetDateTimeOffset().ShouldBe(clock.GetUtcNow() + TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(1));
        var restarted = await host.Api.HealthAsync(id);
        restarted.Str("status").ShouldBe("running");
        restarted.Json.GetProperty("restart_attempts").GetInt32().ShouldBe(1);

        // Silent again: the second restart waits twice as long.
        clock.Advance(s_window + Tick);
        (await host.Api.HealthAsync(id)).Json.GetProperty("next_restart_at").GetDateTimeOffset().ShouldBe(clock.GetUtcNow() + TimeSpan.FromSeconds(2));
        clock.Advance(TimeSpan.FromSeconds(2));
        (await host.Api.HealthAsync(id)).Json.GetProperty("restart_attempts").GetInt32().ShouldBe(2);

        // The cap: a third failure in a row stays failed.
        clock.Advance(s_window + Tick);
        var capped = await host.Api.HealthAsync(id);
        capped.Str("status").ShouldBe("failed");
        capped.Json.GetProperty("next_restart_at").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        clock.Advance(TimeSpan.FromMinutes(10));
        (await host.Api.HealthAsync(id)).Str("status").ShouldBe("failed");

        // A beat from the agent itself brings it back and starts the count afresh.
        var back = await host.Api.HeartbeatAsync(id);
        back.Str("status").ShouldBe("running");
        back.Json.GetProperty("restart_attempts").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Heartbeats_keep_a_running_agent_running()
    {
        var clock = new ManualTimeProvider();
        await using var host = await AgentHost.StartAsync(clock);
        var id = await host.Api.RegisterIdAsync();
        await host.Api.CommandAsync(id, "start");

        for (var i = 0; i < 10; i++)
        {
            clock.Advance(s_interval);
            (await host.Api.HeartbeatAsync(id)).Str("status").ShouldBe("running");
        }

        clock.Advance(s_window);
        (await host.Api.HealthAsync(id)).Str("status").ShouldBe("running");
    }

    [Fact]
    public async Task A_heartbeat_of_an_agent_not_started_or_invalid_is_refused()
    {
        var clock = new ManualTimeProvider();
        await using var host = await AgentHost.StartAsync(clock);
        var id = await host.Api.RegisterIdAsync();

        var notStarted = await host.Api.HeartbeatAsync(id);
        var invalid = await host.Api.HeartbeatAsync(id, status: "fine", uptime: -1);

        notStarted.Status.ShouldBe(HttpStatusCode.Conflict);
        notStarted.Json.GetProperty("allowed_commands").EnumerateArray().Select(c => c.GetString()).ShouldBe(["start", "retire"]);
        invalid.Status.ShouldBe(HttpStatusCode.BadRequest);
        invalid.FieldError("status").ShouldContain("healthy");
        invalid.FieldError("uptime").ShouldContain("zero or more");
    }
}
