using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Beach.Actors.Gateway.Events;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Sessions;
using Beach.Actors.Streams;
using Beach.Actors.Testing;
using Beach.Actors.Testing.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Gateway.Tests.Events;

/// <summary>
/// <c>GET /sessions/{id}/state/stream</c> and <c>/state/ws</c> over real HTTP. The grains do not publish yet, so the
/// tests publish straight to the session's stream through the host's services.
/// </summary>
public sealed class SessionEventStreamTests
{
    private const string TENANT = GatewayOptions.DEFAULT_DEVELOPMENT_TENANT;

    private static IAsyncStream<SessionEvent> StreamOf(GatewayHost host, string sessionId)
        => host.Services.GetRequiredService<IStreamProvider>().GetStream<SessionEvent>(SessionEvents.StreamOf(TENANT, sessionId));

    private static async Task<List<StreamSequenceToken>> PublishAsync(IAsyncStream<SessionEvent> stream, int from, int to)
    {
        var tokens = new List<StreamSequenceToken>();
        for (var i = from; i <= to; i++)
        {
            tokens.Add(await stream.OnNextAsync(SessionEvent.Create(SessionEventKinds.ActionQueued, DateTimeOffset.UnixEpoch, new { action_id = $"a-{i}", n = i })));
        }

        return tokens;
    }

    private static int N(SseMessage message) => JsonDocument.Parse(message.Data!).RootElement.GetProperty("data").GetProperty("n").GetInt32();

    private static async Task<SseConnection> OpenAsync(GatewayHost host, string sessionId, string? lastEventId = null)
    {
        var connection = await SseConnection.OpenAsync(host.Http, $"/sessions/{sessionId}/state/stream", lastEventId);
        connection.IsOk.ShouldBeTrue();

        // The reconnect hint is the first thing sent, after the route has subscribed.
        (await connection.ReadAsync()).Retry.ShouldBe(SessionEventStreamOptions.DEFAULT_RECONNECT_MILLISECONDS);
        return connection;
    }

    [Fact]
    public async Task Sse_client_that_disconnects_and_resumes_with_Last_Event_ID_gets_every_retained_event_exactly_once()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync("sse-1");
        var stream = StreamOf(host, "sse-1");

        List<SseMessage> before;
        await using (var first = await OpenAsync(host, "sse-1"))
        {
            first.Response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
            var tokens = await PublishAsync(stream, 1, 5);
            before = await first.ReadEventsAsync(5);
            before.Select(m => m.Id).ShouldBe(tokens.Select(t => t.ToString()));
        }

        // Published while the client is away: still retained, so the resume must bring every one, once.
        var missed = await PublishAsync(stream, 6, 10);
        await using var resumed = await OpenAsync(host, "sse-1", lastEventId: before[^1].Id);
        var replayed = await resumed.ReadEventsAsync(5);
        var live = await PublishAsync(stream, 11, 11);
        var next = await resumed.ReadEventAsync();

        replayed.Select(m => m.Id).ShouldBe(missed.Select(t => t.ToString()));
        replayed.Select(N).ShouldBe([6, 7, 8, 9, 10]);
        replayed.ShouldAllBe(m => m.Event == SessionEventKinds.ActionQueued);
        next.Id.ShouldBe(live[0].ToString());
        N(next).ShouldBe(11);

        var json = JsonDocument.Parse(next.Data!).RootElement;
        json.GetProperty("id").GetString().ShouldBe(next.Id);
        json.GetProperty("kind").GetString().ShouldBe("action_queued");
        json.GetProperty("data").GetProperty("action_id").GetString().ShouldBe("a-11");
    }

    [Fact]
    public async Task Sse_resume_with_the_last_event_id_query_parameter_misses_nothing_retained_and_reports_what_is_gone()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync("sse-2");
        var stream = StreamOf(host, "sse-2");
        var tokens = await PublishAsync(stream, 1, 1_030);

        // Retention holds the newest 1,024 (7–1,030): after event 1, events 2–6 are gone and said to be.
        await using var connection = await SseConnection.OpenAsync(host.Http, $"/sessions/sse-2/state/stream?last_event_id={tokens[0]}");
        connection.IsOk.ShouldBeTrue();
        var gap = await connection.ReadEventAsync();
        var events = await connection.ReadEventsAsync(1_024);

        gap.Event.ShouldBe("stream_gap");
        gap.Id.ShouldBeNull();
        var detail = JsonDocument.Parse(gap.Data!).RootElement;
        detail.GetProperty("reason").GetString().ShouldBe("resume_token_expired");
        detail.GetProperty("missed").GetInt64().ShouldBe(5);
        detail.GetProperty("after").GetString().ShouldBe(tokens[0].ToString());
        events.Select(N).ShouldBe(Enumerable.Range(7, 1_024));
        events.Select(m => m.Id).Distinct().Count().ShouldBe(1_024);
    }

    [Fact]
    public async Task Unknown_session_is_a_404_problem_before_any_stream_starts()
    {
        await using var host = await GatewayHost.StartAsync();

        foreach (var path in new[] { "/sessions/nobody/state/stream", "/sessions/nobody/state/ws" })
        {
            using var response = await host.Http.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString()
                .ShouldBe("urn:beach-actors:problem:session-not-found");
        }
    }

    [Fact]
    public async Task A_malformed_Last_Event_ID_is_a_400_problem_naming_it()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync("sse-3");

        var request = new HttpRequestMessage(HttpMethod.Get, "/sessions/sse-3/state/stream");
        request.Headers.Add("Last-Event-ID", "yesterday");
        using var response = await host.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("errors").TryGetProperty("Last-Event-ID", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Connections_past_the_bound_per_session_are_refused_with_429_and_Retry_After()
    {
        await using var host = await GatewayHost.StartAsync(configureServices: services =>
            services.Configure<SessionEventStreamOptions>(options => options.MaxSubscribersPerSession = 2));
        await host.Client.RegisterSessionAsync("sse-4");
        await using var one = await OpenAsync(host, "sse-4");
        await using var two = await OpenAsync(host, "sse-4");

        using var refused = await host.Http.GetAsync("/sessions/sse-4/state/stream", HttpCompletionOption.ResponseHeadersRead);

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(SessionEventStreamOptions.DEFAULT_RETRY_AFTER_SECONDS));
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task A_quiet_stream_sends_a_heartbeat_comment_every_period()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock);
        await host.Client.RegisterSessionAsync("sse-5");
        await using var connection = await OpenAsync(host, "sse-5");

        clock.Advance(TimeSpan.FromSeconds(SessionEventStreamOptions.DEFAULT_HEARTBEAT_SECONDS));

        (await connection.ReadAsync()).Comment.ShouldBe("heartbeat");
    }

    [Fact]
    public async Task WebSocket_client_gets_the_same_events_as_json_and_resumes_after_last_event_id()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync("ws-1");
        var stream = StreamOf(host, "ws-1");
        var tokens = await PublishAsync(stream, 1, 4);

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {host.MintToken(scopes: [Gateway.Security.Scopes.SessionsRead])}");
        var address = new UriBuilder(host.Http.BaseAddress!) { Scheme = "ws", Path = "/sessions/ws-1/state/ws", Query = $"last_event_id={tokens[1]}" }.Uri;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(address, limit.Token);
        var received = new List<JsonElement>();
        var buffer = new byte[4_096];
        while (received.Count < 2)
        {
            var message = await socket.ReceiveAsync(buffer, limit.Token);
            message.EndOfMessage.ShouldBeTrue();
            received.Add(JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, message.Count)).RootElement.Clone());
        }

        received.Select(m => m.GetProperty("id").GetString()).ShouldBe([tokens[2].ToString(), tokens[3].ToString()]);
        received.Select(m => m.GetProperty("data").GetProperty("n").GetInt32()).ShouldBe([3, 4]);
        received.ShouldAllBe(m => m.GetProperty("kind").GetString() == "action_queued");
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", limit.Token);
    }
}
