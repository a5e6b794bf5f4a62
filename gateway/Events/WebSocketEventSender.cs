using System.Net.WebSockets;
using Beach.Actors.Sessions;
using Beach.Actors.Streams;

namespace Beach.Actors.Gateway.Events;

/// <summary>
/// One WebSocket connection: each event as a text message of its shared, pre-encoded JSON, and each gap as a
/// <c>stream_gap</c> message. A slow reader makes sends wait; the subscription's bounded queue then drops its oldest.
/// </summary>
internal sealed class WebSocketEventSender(WebSocket socket, SessionEventFrames frames, CancellationToken aborted)
    : IAsyncBatchObserver<SessionEvent>
{
    public async Task OnNextBatchAsync(IReadOnlyList<StreamEvent<SessionEvent>> batch)
    {
        try
        {
            for (var i = 0; i < batch.Count && !aborted.IsCancellationRequested && socket.State == WebSocketState.Open; i++)
            {
                await socket.SendAsync(frames.Get(batch[i]).Json, WebSocketMessageType.Text, endOfMessage: true, aborted).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (IsDisconnect(exception))
        {
            // The client went away; the route ends the subscription.
        }
    }

    public async Task OnGapAsync(StreamGap gap)
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(SessionEventEncoder.EncodeGapJson(gap), WebSocketMessageType.Text, endOfMessage: true, aborted).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (IsDisconnect(exception))
        {
            // As above.
        }
    }

    private bool IsDisconnect(Exception exception)
        => aborted.IsCancellationRequested || exception is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException;
}
