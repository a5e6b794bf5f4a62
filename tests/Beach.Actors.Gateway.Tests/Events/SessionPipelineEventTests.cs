using System.Text;
using System.Text.Json;
using Beach.Actors.Audit;
using Beach.Actors.Gateway.Events;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Testing;
using Beach.Actors.Testing.Http;

namespace Beach.Actors.Gateway.Tests.Events;

/// <summary>The session and its lease publish what happens to them; a UI following the SSE stream sees it in order.</summary>
public sealed class SessionPipelineEventTests
{
    private const string SESSION = "term-1";

    [Fact]
    public async Task Lease_and_action_events_reach_an_sse_subscriber_in_order()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync(SESSION);
        await using var sse = await OpenAsync(host);

        await host.Client.HeartbeatAsync(SESSION, "ok");
        var lease = (await host.Client.AcquireAsync(SESSION, "ctl-a", 60_000)).Body;
        await host.Client.EnqueueAsync(SESSION, lease, "a", "b");
        var delivered = await host.Client.PollAsync(SESSION, timeoutMs: 0);
        await host.Client.AckAsync(SESSION, delivered.Body.Actions.Select(action => action.Seq));
        await host.ClientFor(host.MintToken(subject: "operator-1", scopes: [Gateway.Security.Scopes.ControlWrite])).EmergencyStopAsync(SESSION, "test");
        var events = await sse.ReadEventsAsync(8);

        events.Select(message => message.Event).ShouldBe(
            ["health_changed", "status_changed", "lease_granted", "action_queued", "action_delivered", "action_acked", "lease_revoked", "emergency_stop"]);
        Data(events[2]).GetProperty("fencing_token").GetInt64().ShouldBe(lease.FencingToken);
        Data(events[3]).GetProperty("count").GetInt32().ShouldBe(2);
        Data(events[5]).GetProperty("acks").GetArrayLength().ShouldBe(2);
        Data(events[7]).GetProperty("actor").GetString().ShouldBe("operator-1");
    }

    [Fact]
    public async Task A_silent_harness_shows_as_stale_and_a_released_lease_on_the_stream_and_in_the_audit_log()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock);
        await host.Client.RegisterSessionAsync(SESSION);
        await host.Client.HeartbeatAsync(SESSION);
        await host.Client.AcquireAsync(SESSION, "ctl-a", 60_000);
        await using var sse = await OpenAsync(host, lastEventId: null);

        clock.Advance(TimeSpan.FromSeconds(31));
        var events = await sse.ReadEventsAsync(2);
        var audit = await AuditKindsAsync(host);

        events.Select(message => message.Event).ShouldBe(["status_changed", "lease_released"], ignoreOrder: true);
        Data(events.Single(message => message.Event == "status_changed")).GetProperty("to").GetString().ShouldBe("stale");
        Data(events.Single(message => message.Event == "lease_released")).GetProperty("actor").GetString().ShouldBe("system:liveness");
        audit.ShouldContain("status_changed");
        audit.ShouldContain("released");
    }

    private static JsonElement Data(SseMessage message) => JsonDocument.Parse(message.Data!).RootElement.GetProperty("data");

    private static async Task<List<string>> AuditKindsAsync(GatewayHost host)
    {
        var kinds = new List<string>();
        await foreach (var record in AuditApiPage.ReadAllAsync(host.Http))
        {
            kinds.Add(record.Kind);
        }

        return kinds;
    }

    private static async Task<SseConnection> OpenAsync(GatewayHost host, string? lastEventId = null)
    {
        var connection = await SseConnection.OpenAsync(host.Http, $"/sessions/{SESSION}/state/stream", lastEventId);
        connection.IsOk.ShouldBeTrue();
        (await connection.ReadAsync()).Retry.ShouldBe(SessionEventStreamOptions.DEFAULT_RECONNECT_MILLISECONDS);
        return connection;
    }
}
