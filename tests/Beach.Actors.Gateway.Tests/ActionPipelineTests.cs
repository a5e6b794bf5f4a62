using System.Net;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Testing;
using Beach.Actors.Testing.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Gateway.Tests;

public sealed class ActionPipelineTests
{
    private const string SESSION = "term-1";
    private const long TTL_MS = 60_000;

    [Fact]
    public async Task Actions_are_delivered_in_order_once_and_acks_record_their_latencies()
    {
        await using var host = await GatewayHost.StartAsync();
        var lease = await LeasedSessionAsync(host);

        var sent = new List<long>();
        for (var batch = 0; batch < 10; batch++)
        {
            var accepted = await host.Client.EnqueueAsync(SESSION, lease, [.. Enumerable.Repeat("terminal_write", 10)]);
            accepted.Status.ShouldBe(HttpStatusCode.Accepted);
            sent.AddRange(accepted.Body.Accepted.Select(action => action.Seq));
        }

        var received = await host.Client.PollUntilAsync(SESSION, 100);
        var acked = await host.Client.AckAsync(SESSION, received.Select(action => action.Seq));
        var again = await host.Client.PollAsync(SESSION, timeoutMs: 0);
        var stats = (await host.Client.ActionStatsAsync(SESSION)).Body;

        sent.ShouldBe(Enumerable.Range(1, 100).Select(seq => (long)seq));
        received.Select(action => action.Seq).ShouldBe(sent);
        received.ShouldAllBe(action => action.FencingToken == lease.FencingToken && action.ControllerId == "ctl-a" && action.Deliveries == 1);
        acked.Body.Outcomes.ShouldAllBe(outcome => outcome.Outcome == "acked" && outcome.DeliveryMs >= 0 && outcome.AckMs >= 0);
        acked.Body.QueueDepth.ShouldBe(0);
        again.Body.Actions.ShouldBeEmpty();
        stats.ShouldSatisfyAllConditions(
            s => s.Accepted.ShouldBe(100),
            s => s.Delivered.ShouldBe(100),
            s => s.Acked.ShouldBe(100),
            s => s.QueueDepth.ShouldBe(0),
            s => s.DeliveryLatencyMs.Samples.ShouldBe(100),
            s => s.AckLatencyMs.Samples.ShouldBe(100));
    }

    [Fact]
    public async Task A_poll_waits_for_the_next_action_and_returns_it_at_once()
    {
        await using var host = await GatewayHost.StartAsync();
        var lease = await LeasedSessionAsync(host);

        var poll = host.Client.PollAsync(SESSION, timeoutMs: 20_000);
        await Task.Delay(100);
        poll.IsCompleted.ShouldBeFalse("nothing is queued yet");
        await host.Client.EnqueueAsync(SESSION, lease, "terminal_write");

        var delivered = await poll.WaitAsync(TimeSpan.FromSeconds(10));
        delivered.Body.Actions.ShouldHaveSingleItem().Kind.ShouldBe("terminal_write");
    }

    [Fact]
    public async Task An_action_with_a_stale_fencing_token_is_refused_and_never_delivered()
    {
        await using var host = await GatewayHost.StartAsync();
        var old = await LeasedSessionAsync(host);
        await host.Client.ReleaseAsync(SESSION, old.LeaseId);
        var current = (await host.Client.AcquireAsync(SESSION, "ctl-b", TTL_MS)).Body;

        var stale = await host.Client.EnqueueAsync(SESSION, old, "terminal_write");
        var staleTokenOnCurrentLease = await host.Client.EnqueueAsync(SESSION, current.LeaseId, old.FencingToken, [new { Kind = "terminal_write" }]);
        var delivered = await host.Client.PollAsync(SESSION, timeoutMs: 0);
        var stats = (await host.Client.ActionStatsAsync(SESSION)).Body;

        stale.Status.ShouldBe(HttpStatusCode.Conflict);
        stale.ProblemBody.GetProperty("type").GetString().ShouldBe("urn:beach-actors:problem:stale-fencing-token");
        stale.ProblemBody.GetProperty("fencing_token").GetInt64().ShouldBe(old.FencingToken);
        stale.ProblemBody.GetProperty("highest_fencing_token").GetInt64().ShouldBe(current.FencingToken);
        staleTokenOnCurrentLease.Status.ShouldBe(HttpStatusCode.Conflict);
        delivered.Body.Actions.ShouldBeEmpty();
        stats.Refused.ShouldBe(2);
        stats.Accepted.ShouldBe(0);
    }

    [Fact]
    public async Task Actions_without_the_current_lease_are_refused()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync(SESSION);

        var noLease = await host.Client.EnqueueAsync(SESSION, "no-such-lease", 1, [new { Kind = "terminal_write" }]);
        var lease = (await host.Client.AcquireAsync(SESSION, "ctl-a", TTL_MS)).Body;
        var wrongLease = await host.Client.EnqueueAsync(SESSION, "other-lease", lease.FencingToken, [new { Kind = "terminal_write" }]);
        var unknownSession = await host.Client.EnqueueAsync("no-such-session", lease, "terminal_write");

        noLease.Status.ShouldBe(HttpStatusCode.Conflict);
        noLease.ProblemBody.GetProperty("type").GetString().ShouldBe("urn:beach-actors:problem:lease-not-held");
        wrongLease.Status.ShouldBe(HttpStatusCode.Conflict);
        unknownSession.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_full_queue_refuses_with_429_and_resumed_polling_delivers_everything_once_in_order()
    {
        await using var host = await GatewayHost.StartAsync();
        var lease = await LeasedSessionAsync(host);

        // The harness is not polling: 4 batches of 256 fill the default capacity of 1,024.
        for (var batch = 0; batch < 4; batch++)
        {
            (await host.Client.EnqueueAsync(SESSION, lease, [.. Enumerable.Repeat("terminal_write", 256)])).Status.ShouldBe(HttpStatusCode.Accepted);
        }

        using var overflowRequest = new HttpRequestMessage(HttpMethod.Post, $"/sessions/{SESSION}/actions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(
                new { LeaseId = lease.LeaseId, FencingToken = lease.FencingToken, Action = new { Kind = "terminal_write" } }, options: ControlPlaneJson.Options),
        };
        using var overflow = await host.Http.SendAsync(overflowRequest);
        var overflowProblem = await ControlPlaneClient.ReadAsync<EnqueueJson>(overflow);
        var pendingWhileFull = (await host.Client.PendingAsync(SESSION)).Body;

        var received = await host.Client.PollUntilAsync(SESSION, 1_024, timeoutMs: 0);
        var nothingMore = await host.Client.PollAsync(SESSION, timeoutMs: 0);
        await host.Client.AckAsync(SESSION, received.Select(action => action.Seq));
        var afterAcks = await host.Client.EnqueueAsync(SESSION, lease, "terminal_write");

        overflow.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        overflow.Headers.RetryAfter.ShouldNotBeNull();
        overflowProblem.ProblemBody.GetProperty("type").GetString().ShouldBe("urn:beach-actors:problem:action-queue-full");
        overflowProblem.ProblemBody.GetProperty("queue_depth").GetInt32().ShouldBe(1_024);
        pendingWhileFull.QueueDepth.ShouldBe(1_024);
        pendingWhileFull.QueueCapacity.ShouldBe(1_024);
        received.Select(action => action.Seq).ShouldBe(Enumerable.Range(1, 1_024).Select(seq => (long)seq));
        nothingMore.Body.Actions.ShouldBeEmpty();
        afterAcks.Status.ShouldBe(HttpStatusCode.Accepted);
        afterAcks.Body.Accepted.ShouldHaveSingleItem().Seq.ShouldBe(1_025);
    }

    [Fact]
    public async Task A_delivered_action_not_acked_in_time_is_delivered_again_and_a_repeated_ack_is_a_duplicate()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock);
        var lease = await LeasedSessionAsync(host);
        await host.Client.EnqueueAsync(SESSION, lease, "terminal_write");

        var first = await host.Client.PollAsync(SESSION, timeoutMs: 0);
        var tooSoon = await host.Client.PollAsync(SESSION, timeoutMs: 0);
        clock.Advance(TimeSpan.FromSeconds(31));
        var redelivered = await host.Client.PollAsync(SESSION, timeoutMs: 0);
        var ack = await host.Client.AckAsync(SESSION, [1]);
        var ackAgain = await host.Client.AckAsync(SESSION, [1]);
        var ackNever = await host.Client.AckAsync(SESSION, [99]);

        first.Body.Actions.ShouldHaveSingleItem().Deliveries.ShouldBe(1);
        tooSoon.Body.Actions.ShouldBeEmpty();
        redelivered.Body.Actions.ShouldHaveSingleItem().ShouldSatisfyAllConditions(a => a.Seq.ShouldBe(1), a => a.Deliveries.ShouldBe(2));
        ack.Body.Outcomes.ShouldHaveSingleItem().Outcome.ShouldBe("acked");
        ack.Body.Outcomes[0].DeliveryMs.ShouldBe(0);
        ackAgain.Body.Outcomes.ShouldHaveSingleItem().Outcome.ShouldBe("duplicate");
        ackNever.Body.Outcomes.ShouldHaveSingleItem().Outcome.ShouldBe("unknown");
    }

    [Fact]
    public async Task An_action_delivered_the_most_times_allowed_without_an_ack_is_given_up_on_the_record()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock, services => services.Configure<Beach.Actors.Actions.ActionQueueOptions>(options => options.MaxDeliveries = 2));
        var lease = await LeasedSessionAsync(host);
        await host.Client.EnqueueAsync(SESSION, lease, "poison", "fine");

        var first = await host.Client.PollAsync(SESSION, timeoutMs: 0);
        await host.Client.AckAsync(SESSION, [2]);
        clock.Advance(TimeSpan.FromSeconds(31));
        var second = await host.Client.PollAsync(SESSION, timeoutMs: 0);
        clock.Advance(TimeSpan.FromSeconds(31));
        var third = await host.Client.PollAsync(SESSION, timeoutMs: 0);
        var stats = (await host.Client.ActionStatsAsync(SESSION)).Body;
        var lateAck = await host.Client.AckAsync(SESSION, [1]);

        first.Body.Actions.Select(action => action.Seq).ShouldBe([1L, 2L]);
        second.Body.Actions.ShouldHaveSingleItem().ShouldSatisfyAllConditions(a => a.Seq.ShouldBe(1), a => a.Deliveries.ShouldBe(2));
        third.Body.Actions.ShouldBeEmpty("delivered twice, the most allowed: given up, not delivered a third time");
        stats.ShouldSatisfyAllConditions(s => s.Abandoned.ShouldBe(1), s => s.Acked.ShouldBe(1), s => s.QueueDepth.ShouldBe(0));
        lateAck.Body.Outcomes.ShouldHaveSingleItem().Outcome.ShouldBe("duplicate");

        // On the record: a restart replays the give-up and does not bring the action back.
        await host.RestartAsync();
        (await host.Client.PendingAsync(SESSION)).Body.Actions.ShouldBeEmpty();

        // The clock moved past the lease's TTL and the heartbeat deadline: a fresh lease queues the next action.
        await host.Client.HeartbeatAsync(SESSION);
        var fresh = (await host.Client.AcquireAsync(SESSION, "ctl-a", TTL_MS)).Body;
        (await host.Client.EnqueueAsync(SESSION, fresh, "next")).Body.Accepted.ShouldHaveSingleItem().Seq.ShouldBe(3);
    }

    [Fact]
    public async Task Emergency_stop_revokes_the_lease_cancels_the_queue_and_records_who_and_why()
    {
        await using var host = await GatewayHost.StartAsync();
        var lease = await LeasedSessionAsync(host);
        await host.Client.EnqueueAsync(SESSION, lease, "a", "b", "c");
        await host.Client.PollAsync(SESSION, timeoutMs: 0, max: 1);

        // Who stopped it is the token's subject, not what the body claims.
        var operatorClient = host.ClientFor(host.MintToken(subject: "operator-7", scopes: [Gateway.Security.Scopes.ControlWrite]));
        var stop = await operatorClient.EmergencyStopAsync(SESSION, "runaway agent", requestedBy: "someone-else");
        var pending = (await host.Client.PendingAsync(SESSION)).Body;
        var afterStop = await host.Client.EnqueueAsync(SESSION, lease, "d");
        var events = await host.Client.ReadAllControllerEventsAsync(SESSION);
        var lateAck = await host.Client.AckAsync(SESSION, [1]);
        var next = await host.Client.AcquireAsync(SESSION, "ctl-b", TTL_MS);

        stop.Status.ShouldBe(HttpStatusCode.OK);
        stop.Body.ShouldSatisfyAllConditions(
            s => s.RevokedLeaseId.ShouldBe(lease.LeaseId),
            s => s.RevokedControllerId.ShouldBe("ctl-a"),
            s => s.CancelledActions.ShouldBe(3),
            s => s.StoppedBy.ShouldBe("operator-7"));
        pending.Actions.ShouldBeEmpty();
        afterStop.Status.ShouldBe(HttpStatusCode.Conflict);
        events.Select(e => e.Kind).ShouldBe(["granted", "revoked"]);
        events[1].ShouldSatisfyAllConditions(e => e.Actor.ShouldBe("operator-7"), e => e.Reason.ShouldBe("runaway agent"));
        lateAck.Body.Outcomes.ShouldHaveSingleItem().Outcome.ShouldBe("duplicate");
        next.Body.FencingToken.ShouldBe(lease.FencingToken + 1);
    }

    [Fact]
    public async Task Queued_actions_survive_a_restart_and_keep_their_sequence()
    {
        await using var host = await GatewayHost.StartAsync();
        var lease = await LeasedSessionAsync(host);
        await host.Client.EnqueueAsync(SESSION, lease, "a", "b", "c");
        var first = await host.Client.PollAsync(SESSION, timeoutMs: 0, max: 1);
        await host.Client.AckAsync(SESSION, first.Body.Actions.Select(action => action.Seq));

        await host.RestartAsync();
        var pending = (await host.Client.PendingAsync(SESSION)).Body;
        var delivered = await host.Client.PollAsync(SESSION, timeoutMs: 0);
        var more = await host.Client.EnqueueAsync(SESSION, lease, "d");

        pending.Actions.Select(action => (action.Seq, action.Kind)).ShouldBe([(2L, "b"), (3L, "c")]);
        delivered.Body.Actions.Select(action => action.Seq).ShouldBe([2L, 3L]);
        more.Body.Accepted.ShouldHaveSingleItem().Seq.ShouldBe(4);
    }

    /// <summary>
    /// A steady load: each action is acked only after the next one is queued, so the queue never empties. A restart
    /// replays what came after the oldest pending action was queued, not the session's whole action history.
    /// </summary>
    [Fact]
    public async Task A_queue_that_never_empties_replays_only_what_came_after_its_oldest_action()
    {
        InstrumentedAuditLog? audit = null;
        await using var host = await GatewayHost.StartAsync(configureServices: InstrumentedAuditLog.Around(log => audit = log));
        var lease = await LeasedSessionAsync(host);
        long? previous = null;
        for (var i = 0; i < 40; i++)
        {
            await host.Client.EnqueueAsync(SESSION, lease, "terminal_write");
            var delivered = (await host.Client.PollAsync(SESSION, timeoutMs: 0, max: 1)).Body.Actions.ShouldHaveSingleItem();
            if (previous is { } seq)
            {
                (await host.Client.AckAsync(SESSION, [seq])).Body.QueueDepth.ShouldBe(1);
            }

            previous = delivered.Seq;
        }

        await host.RestartAsync();
        var pending = (await host.Client.PendingAsync(SESSION)).Body;

        pending.Actions.Select(action => action.Seq).ShouldBe([40L]);
        audit!.StreamRecordsRead("actions/" + SESSION).ShouldBe(2, "the record that queued action 40 and the ack written after it; not the 79 records before");
        (await host.Client.EnqueueAsync(SESSION, lease, "terminal_write")).Body.Accepted.ShouldHaveSingleItem().Seq.ShouldBe(41);
    }

    [Fact]
    public async Task A_silent_harness_turns_the_session_stale_and_releases_the_lease_until_it_is_back()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock);
        var lease = await LeasedSessionAsync(host);

        clock.Advance(TimeSpan.FromSeconds(31));
        var events = await WaitForEventsAsync(host.Client, count: 2);
        var stale = (await host.Client.GetSessionAsync(SESSION)).Body;
        var refused = await host.Client.EnqueueAsync(SESSION, lease, "terminal_write");
        var back = (await host.Client.HeartbeatAsync(SESSION)).Body;

        events.Select(e => e.Kind).ShouldBe(["granted", "released"]);
        events[1].ShouldSatisfyAllConditions(e => e.Actor.ShouldBe("system:liveness"), e => e.Reason.ShouldNotBeNull());
        stale.Status.ShouldBe("stale");
        refused.Status.ShouldBe(HttpStatusCode.Conflict);
        back.Status.ShouldBe("active");
    }

    [Fact]
    public async Task Under_the_freeze_policy_a_silent_harness_keeps_the_lease_from_expiring_until_it_is_back()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock);
        await host.Client.RegisterAsync(new { SessionId = SESSION, HarnessId = "harness-1", HarnessType = "terminal_shim", LeaseOnStale = "freeze" });
        await host.Client.HeartbeatAsync(SESSION);
        var lease = (await host.Client.AcquireAsync(SESSION, "ctl-a", 40_000)).Body;

        clock.Advance(TimeSpan.FromSeconds(31));
        await WaitForEventsAsync(host.Client, count: 2);
        clock.Advance(TimeSpan.FromSeconds(60));
        var queuedWhileFrozen = await host.Client.EnqueueAsync(SESSION, lease, "terminal_write");
        var stillHeld = await host.Client.AcquireAsync(SESSION, "ctl-b", TTL_MS);
        await host.Client.HeartbeatAsync(SESSION);
        var events = await WaitForEventsAsync(host.Client, count: 3);

        events.Select(e => e.Kind).ShouldBe(["granted", "frozen", "thawed"]);
        queuedWhileFrozen.Status.ShouldBe(HttpStatusCode.Accepted);
        stillHeld.Status.ShouldBe(HttpStatusCode.Conflict);

        // It gets back the time it had left when the harness went silent.
        (events[2].ExpiresAt - events[2].At).ShouldBe(lease.ExpiresAt - events[1].At);
        events[2].At.ShouldBe(clock.GetUtcNow());
    }

    [Fact]
    public async Task A_harness_on_the_websocket_receives_actions_and_acks_them_on_the_same_socket()
    {
        await using var host = await GatewayHost.StartAsync();
        var lease = await LeasedSessionAsync(host);
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {host.MintToken(subject: "harness-1", scopes: [Gateway.Security.Scopes.ControlConsume])}");
        var address = new UriBuilder(host.Http.BaseAddress!) { Scheme = "ws", Path = $"/sessions/{SESSION}/actions/ws" }.Uri;
        await socket.ConnectAsync(address, CancellationToken.None);

        await host.Client.EnqueueAsync(SESSION, lease, "a", "b", "c");
        var delivery = await ReceiveAsync(socket);
        var seqs = delivery.GetProperty("actions").EnumerateArray().Select(action => action.GetProperty("seq").GetInt64()).ToList();
        var ack = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { acks = seqs.Select(seq => new { seq, status = "ok" }) });
        await socket.SendAsync(ack, System.Net.WebSockets.WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var answer = await ReceiveAsync(socket);
        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        var stats = (await host.Client.ActionStatsAsync(SESSION)).Body;

        delivery.GetProperty("type").GetString().ShouldBe("actions");
        seqs.ShouldBe([1L, 2L, 3L]);
        answer.GetProperty("type").GetString().ShouldBe("ack_result");
        answer.GetProperty("outcomes").EnumerateArray().Select(o => o.GetProperty("outcome").GetString()).ShouldBe(["acked", "acked", "acked"]);
        stats.Acked.ShouldBe(3);
    }

    [Fact]
    public async Task An_ack_the_control_plane_cannot_apply_is_answered_with_its_problem_and_the_socket_stays_open()
    {
        InstrumentedAuditLog? audit = null;
        await using var host = await GatewayHost.StartAsync(configureServices: InstrumentedAuditLog.Around(log => audit = log));
        var lease = await LeasedSessionAsync(host);
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {host.MintToken(subject: "harness-1", scopes: [Gateway.Security.Scopes.ControlConsume])}");
        await socket.ConnectAsync(new UriBuilder(host.Http.BaseAddress!) { Scheme = "ws", Path = $"/sessions/{SESSION}/actions/ws" }.Uri, CancellationToken.None);
        await host.Client.EnqueueAsync(SESSION, lease, "a");
        var seq = (await ReceiveAsync(socket)).GetProperty("actions")[0].GetProperty("seq").GetInt64();
        var ack = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new { acks = new[] { new { seq, status = "ok" } } });

        audit!.FailAppends = true;
        await socket.SendAsync(ack, System.Net.WebSockets.WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var refused = await ReceiveAsync(socket);
        audit.FailAppends = false;
        await socket.SendAsync(ack, System.Net.WebSockets.WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var accepted = await ReceiveAsync(socket);

        refused.GetProperty("type").GetString().ShouldBe("error");
        refused.GetProperty("status").GetInt32().ShouldBe(429);
        refused.GetProperty("problem_type").GetString()!.ShouldEndWith("overloaded");
        refused.GetProperty("retry_after_seconds").GetInt32().ShouldBe((int)InstrumentedAuditLog.RetryAfter.TotalSeconds);
        accepted.GetProperty("type").GetString().ShouldBe("ack_result");
        accepted.GetProperty("outcomes")[0].GetProperty("outcome").GetString().ShouldBe("acked");
    }

    private static async Task<System.Text.Json.JsonElement> ReceiveAsync(System.Net.WebSockets.ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[64 * 1024];
        var length = 0;
        System.Net.WebSockets.WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), timeout.Token);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return System.Text.Json.JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
    }

    [Fact]
    public async Task Bad_action_requests_name_every_offending_field()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync(SESSION);

        var empty = await host.Client.SendAsync<EnqueueJson>(HttpMethod.Post, $"/sessions/{SESSION}/actions", new { });
        var noKind = await host.Client.SendAsync<EnqueueJson>(HttpMethod.Post, $"/sessions/{SESSION}/actions", new { LeaseId = "l", FencingToken = 1, Actions = new[] { new { Payload = 1 } } });
        var badAck = await host.Client.SendAsync<AckResultJson>(HttpMethod.Post, $"/sessions/{SESSION}/actions/ack", new { Acks = new[] { new { Seq = 0, Status = "done" } } });
        var badPoll = await host.Client.SendAsync<DeliveryJson>(HttpMethod.Get, $"/sessions/{SESSION}/actions/poll?timeout_ms=999999");
        var noReason = await host.Client.SendAsync<EmergencyStopJson>(HttpMethod.Post, $"/sessions/{SESSION}/emergency-stop", new { });
        var notASocket = await host.Client.SendAsync<NoBody>(HttpMethod.Get, $"/sessions/{SESSION}/actions/ws");

        Fields(empty).ShouldBe(["actions", "fencing_token", "lease_id"], ignoreOrder: true);
        Fields(noKind).ShouldBe(["actions[0].kind"]);
        Fields(badAck).ShouldBe(["acks[0].seq", "acks[0].status"], ignoreOrder: true);
        Fields(badPoll).ShouldBe(["timeout_ms"]);
        Fields(noReason).ShouldBe(["reason"]);
        notASocket.Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static string[] Fields<T>(ApiResponse<T> response)
        where T : class
    {
        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        return [.. response.ProblemBody.GetProperty("errors").EnumerateObject().Select(error => error.Name)];
    }

    private static async Task<LeaseJson> LeasedSessionAsync(GatewayHost host)
    {
        await host.Client.RegisterSessionAsync(SESSION);
        await host.Client.HeartbeatAsync(SESSION);
        return (await host.Client.AcquireAsync(SESSION, "ctl-a", TTL_MS)).Body;
    }

    private static async Task<IReadOnlyList<ControllerEventJson>> WaitForEventsAsync(ControlPlaneClient client, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var events = await client.ReadAllControllerEventsAsync(SESSION);
            if (events.Count >= count || DateTime.UtcNow > deadline)
            {
                return events;
            }

            await Task.Delay(10);
        }
    }
}
