using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Beach.Actors.Actions;
using Beach.Actors.Gateway.Json;
using Beach.Actors.Gateway.Problems;
using Beach.Actors.Gateway.Sessions;
using Beach.Actors.Gateway.Tenancy;
using Beach.Actors.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Gateway.Actions;

/// <summary>
/// <c>GET /sessions/{id}/actions/ws</c>: the harness's WebSocket. The server sends deliveries as they arrive
/// (<see cref="ActionSocketMessage"/> of type <c>actions</c>); the harness sends acks, each message shaped like the
/// ack route's body, and gets an <c>ack_result</c> (or an <c>error</c>) back. The same queue as the long poll sits
/// behind it, so a harness may switch between the two.
/// </summary>
internal static class ActionsWebSocket
{
    /// <summary>The largest message a harness may send (an ack batch): 1 MiB. A larger one closes the socket with 1009.</summary>
    public const int MAX_MESSAGE_BYTES = 1 << 20;

    /// <summary>What a message to the harness is first serialized into; a batch of actions grows it from the pool.</summary>
    private const int SEND_BUFFER_BYTES = 1_024;

    /// <summary>How long one poll behind the socket waits before it asks again: 20 s.</summary>
    private static readonly TimeSpan s_pollWait = TimeSpan.FromSeconds(20);

    public static void Map(IEndpointRouteBuilder routes)
        => routes.MapGet("/sessions/{id}/actions/ws", HandleAsync)
            .WithName("ActionsWebSocket")
            .WithSummary("A WebSocket on which the harness receives actions and sends acks.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private static async Task<IResult> HandleAsync(
        string id, HttpContext context, IGrainFactory grains, TenantResolver tenants, IOptions<ActionQueueOptions> queueOptions)
    {
        if (!SessionKey.IsValidSessionId(id))
        {
            return SessionEndpoints.InvalidId();
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Problems.Problems.Of(
                StatusCodes.Status400BadRequest, ProblemTypes.Validation, "WebSocket required.",
                "Open this route with a WebSocket upgrade, or long-poll GET /sessions/{id}/actions/poll instead.");
        }

        var session = grains.GetGrain<ISessionGrain>(SessionKey.For(tenants.Resolve(context), id));
        if (await session.GetAsync() is null)
        {
            throw new SessionNotFoundException(id);
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        using var sending = new SemaphoreSlim(1, 1);
        var deliver = DeliverAsync(socket, session, queueOptions.Value.MaxPoll, sending, stop.Token);
        var receive = ReceiveAsync(socket, session, context, sending, stop.Token);
        var first = await Task.WhenAny(deliver, receive);
        await stop.CancelAsync();
        await Task.WhenAll(Quietly(deliver), Quietly(receive));

        // A delivery that failed (the session's silo went away, say) ends the socket with 1011: the harness reconnects
        // or falls back to the long poll, and nothing it was sent is lost (unacked actions are delivered again).
        var failed = first.IsFaulted && first.Exception?.InnerException is not (OperationCanceledException or WebSocketException or ObjectDisposedException);
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await Quietly(failed
                ? socket.CloseAsync(WebSocketCloseStatus.InternalServerError, "delivery failed; reconnect", CancellationToken.None)
                : socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None));
        }

        return Results.Empty;
    }

    private static async Task DeliverAsync(WebSocket socket, ISessionGrain session, int max, SemaphoreSlim sending, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var actions = await session.PollActionsAsync(max, s_pollWait, cancellationToken);
            if (actions.Length > 0)
            {
                await SendAsync(socket, new ActionSocketMessage("actions", Actions: ActionMapping.ToResponses(actions)), sending, cancellationToken);
            }
        }
    }

    private static async Task ReceiveAsync(WebSocket socket, ISessionGrain session, HttpContext context, SemaphoreSlim sending, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4_096);
        while (!cancellationToken.IsCancellationRequested)
        {
            buffer.ResetWrittenCount();
            ValueWebSocketReceiveResult result;
            do
            {
                if (buffer.WrittenCount >= MAX_MESSAGE_BYTES)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"messages are at most {MAX_MESSAGE_BYTES} bytes", cancellationToken);
                    return;
                }

                result = await socket.ReceiveAsync(buffer.GetMemory(4_096), cancellationToken);
                buffer.Advance(result.Count);
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            var reply = await AnswerAsync(buffer.WrittenSpan.ToArray(), session, context);
            await SendAsync(socket, reply, sending, cancellationToken);
        }
    }

    private static async Task<ActionSocketMessage> AnswerAsync(byte[] message, ISessionGrain session, HttpContext context)
    {
        AckActionsRequest? request;
        try
        {
            request = ActionRequestParser.ReadAckMessage(message);
        }
        catch (JsonException malformed)
        {
            return new ActionSocketMessage("error", Error: $"The message is not an ack: {malformed.Message}");
        }

        var validation = new RequestValidation();
        var acks = request is null ? null : ActionRequestParser.ParseAcks(request, validation);
        if (acks is not { } parsed)
        {
            return new ActionSocketMessage("error", Error: string.Join(" ", validation.Errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}")));
        }

        try
        {
            var result = await session.AckActionsAsync(parsed);
            return new ActionSocketMessage("ack_result", Outcomes: ActionMapping.ToResponse(result).Outcomes);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // What the ack route would have answered, as a message: one failed ack does not end the socket.
            var problem = ExceptionProblems.Describe(exception, context, out var retryAfterSeconds);
            return new ActionSocketMessage("error", Error: problem.Detail, ProblemType: problem.Type, Status: problem.Status, RetryAfterSeconds: retryAfterSeconds);
        }
    }

    private static async Task SendAsync(WebSocket socket, ActionSocketMessage message, SemaphoreSlim sending, CancellationToken cancellationToken)
    {
        using var buffer = new PooledBufferWriter(SEND_BUFFER_BYTES);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, message, ActionsJsonContext.Default.ActionSocketMessage);
        }

        await sending.WaitAsync(cancellationToken);
        try
        {
            await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            sending.Release();
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The socket closed or the request ended: nothing to answer.
        }
    }
}
