using System.Net.WebSockets;
using Beach.Actors.Gateway.Sessions;
using Beach.Actors.Gateway.Tenancy;
using Beach.Actors.Sessions;
using Beach.Actors.Streams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Gateway.Events;

/// <summary>
/// A session's live events for a UI: <c>GET /sessions/{id}/state/stream</c> (Server-Sent Events) and
/// <c>GET /sessions/{id}/state/ws</c> (WebSocket). Both resume after the token a client last saw (<c>Last-Event-ID</c>
/// or <c>last_event_id</c>) and miss nothing the session's stream still retains; what it no longer retains, or what a
/// slow client's bounded queue dropped, is announced as a <c>stream_gap</c> event.
/// </summary>
internal static class SessionEventEndpoints
{
    private const string LAST_EVENT_ID_HEADER = "Last-Event-ID";
    private const string LAST_EVENT_ID_QUERY = "last_event_id";
    private const int RECEIVE_BUFFER_BYTES = 1_024;

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/sessions/{id}/state/stream", StreamAsync)
            .WithName("StreamSessionEvents")
            .WithSummary("Streams the session's events as Server-Sent Events; resumes after Last-Event-ID (or last_event_id).")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        routes.MapGet("/sessions/{id}/state/ws", WebSocketAsync)
            .WithName("SessionEventsWebSocket")
            .WithSummary("Streams the session's events as WebSocket text messages of JSON; resumes after last_event_id.")
            .Produces(StatusCodes.Status101SwitchingProtocols)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<IResult> StreamAsync(
        string id, HttpContext context, IGrainFactory grains, TenantResolver tenants, IStreamProvider streams,
        SessionEventSubscribers subscribers, IOptions<SessionEventStreamOptions> options)
    {
        var (stream, resume, problem) = await OpenAsync(id, context, grains, tenants, header: true);
        if (problem is not null)
        {
            return problem;
        }

        var settings = options.Value;
        using var slot = subscribers.Acquire(stream);
        var aborted = context.RequestAborted;
        var writer = new SseEventWriter(context.Response, slot.Frames, aborted);
        await using var subscription = await streams.GetStream<SessionEvent>(stream).SubscribeAsync(writer, Subscription(settings, resume));
        using var timer = new PeriodicTimer(settings.Heartbeat, TimeProviderOf(context));
        await writer.StartAsync(settings.ReconnectMilliseconds);
        try
        {
            // A subscription that ended on its own (its observer failed) is noticed at the next beat.
            while (await timer.WaitForNextTickAsync(aborted) && !subscription.Completion.IsCompleted)
            {
                await writer.HeartbeatAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away: the stream is over.
        }

        return Results.Empty;
    }

    private static async Task<IResult> WebSocketAsync(
        string id, HttpContext context, IGrainFactory grains, TenantResolver tenants, IStreamProvider streams,
        SessionEventSubscribers subscribers, IOptions<SessionEventStreamOptions> options)
    {
        var (stream, resume, problem) = await OpenAsync(id, context, grains, tenants, header: false);
        if (problem is not null)
        {
            return problem;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Problems.Problems.Of(
                StatusCodes.Status400BadRequest, Problems.ProblemTypes.Validation, "WebSocket upgrade required.",
                $"GET /sessions/{id}/state/ws takes a WebSocket upgrade; for Server-Sent Events use GET /sessions/{id}/state/stream.");
        }

        var settings = options.Value;
        using var slot = subscribers.Acquire(stream);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = settings.Heartbeat });
        var aborted = context.RequestAborted;
        var sender = new WebSocketEventSender(socket, slot.Frames, aborted);
        await using var subscription = await streams.GetStream<SessionEvent>(stream).SubscribeAsync(sender, Subscription(settings, resume));

        // The client sends nothing we read; reading is how its close (or its vanishing) is noticed.
        await Task.WhenAny(DrainUntilClosedAsync(socket, aborted), subscription.Completion);
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "stream ended", CancellationToken.None);
            }
            catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException)
            {
                // Gone already.
            }
        }

        return Results.Empty;
    }

    /// <summary>
    /// What both routes check before the stream starts, each failure a problem document: the id, the resume token, and
    /// that the session exists for this tenant.
    /// </summary>
    private static async Task<(StreamId Stream, StreamSequenceToken? Resume, IResult? Problem)> OpenAsync(
        string id, HttpContext context, IGrainFactory grains, TenantResolver tenants, bool header)
    {
        if (!SessionKey.IsValidSessionId(id))
        {
            return (default, null, SessionEndpoints.InvalidId());
        }

        string? given = null;
        if (header && context.Request.Headers[LAST_EVENT_ID_HEADER] is { Count: > 0 } values && !string.IsNullOrWhiteSpace(values[0]))
        {
            given = values[0];
        }
        else if (context.Request.Query[LAST_EVENT_ID_QUERY] is { Count: > 0 } query && !string.IsNullOrWhiteSpace(query[0]))
        {
            given = query[0];
        }

        StreamSequenceToken? resume = null;
        if (given is not null)
        {
            if (!StreamSequenceToken.TryParse(given.Trim(), out var token))
            {
                return (default, null, Problems.Problems.Validation(
                    header && context.Request.Headers.ContainsKey(LAST_EVENT_ID_HEADER) ? LAST_EVENT_ID_HEADER : LAST_EVENT_ID_QUERY,
                    "must be an event id as the stream sent it ({epoch}-{sequence}, for example 1234-56)."));
            }

            resume = token;
        }

        var tenant = tenants.Resolve(context);
        if (await grains.GetGrain<ISessionGrain>(SessionKey.For(tenant, id)).GetAsync() is null)
        {
            throw new SessionNotFoundException(id);
        }

        return (SessionEvents.StreamOf(tenant, id), resume, null);
    }

    private static StreamSubscriptionOptions Subscription(SessionEventStreamOptions settings, StreamSequenceToken? resume) => new()
    {
        QueueCapacity = settings.SubscriberQueueCapacity,
        OverflowPolicy = OverflowPolicy.DropOldest,
        ResumeAfter = resume,
    };

    private static TimeProvider TimeProviderOf(HttpContext context)
        => context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;

    private static async Task DrainUntilClosedAsync(WebSocket socket, CancellationToken aborted)
    {
        var buffer = new byte[RECEIVE_BUFFER_BYTES];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, aborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException)
        {
            // The client vanished.
        }
    }
}
