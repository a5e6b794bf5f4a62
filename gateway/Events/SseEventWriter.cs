using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using Beach.Actors.Sessions;
using Beach.Actors.Streams;
using Microsoft.AspNetCore.Http;

namespace Beach.Actors.Gateway.Events;

/// <summary>
/// One SSE connection: writes each batch of events as their shared, pre-encoded frames and flushes once per batch.
/// While the client reads slowly the flush waits, the subscription's bounded queue fills and drops its oldest, and the
/// client is sent a <c>stream_gap</c> event: a slow browser never grows the gateway's memory or slows the session.
/// </summary>
internal sealed class SseEventWriter(HttpResponse response, SessionEventFrames frames, CancellationToken aborted)
    : IAsyncBatchObserver<SessionEvent>
{
    private static readonly byte[] s_heartbeat = ": heartbeat\n\n"u8.ToArray();

    // The delivery loop and the heartbeat both write; a heartbeat that finds a batch being written is not needed.
    // Taken until the headers are out: the route subscribes before it starts the response, so that a client that has
    // seen the response begin knows it is subscribed, and the first batch waits for the headers.
    private readonly SemaphoreSlim _write = new(0, 1);

    private PipeWriter Body => response.BodyWriter;

    /// <summary>Sends the headers and the reconnect hint, so the client knows the stream is open before any event.</summary>
    public async Task StartAsync(int reconnectMilliseconds)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-transform";

        // Tells buffering proxies (nginx) to pass events through as they come.
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"retry: {reconnectMilliseconds}\n\n"), Body);
            await Body.FlushAsync(aborted);
        }
        finally
        {
            _write.Release();
        }
    }

    public async Task OnNextBatchAsync(IReadOnlyList<StreamEvent<SessionEvent>> batch)
    {
        if (aborted.IsCancellationRequested)
        {
            return;
        }

        await _write.WaitAsync(aborted).ConfigureAwait(false);
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                Body.Write(frames.Get(batch[i]).SseFrame);
            }

            await Body.FlushAsync(aborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsDisconnect(exception))
        {
            // The client went away; the route ends the subscription.
        }
        finally
        {
            _write.Release();
        }
    }

    public Task OnGapAsync(StreamGap gap) => WriteAsync(SessionEventEncoder.EncodeGapFrame(gap), skipWhenBusy: false);

    /// <summary>Writes a comment line, unless a batch is being written (which keeps the connection alive anyway).</summary>
    public Task HeartbeatAsync() => WriteAsync(s_heartbeat, skipWhenBusy: true);

    private async Task WriteAsync(byte[] bytes, bool skipWhenBusy)
    {
        if (aborted.IsCancellationRequested)
        {
            return;
        }

        if (skipWhenBusy)
        {
            if (!_write.Wait(0))
            {
                return;
            }
        }
        else
        {
            await _write.WaitAsync(aborted).ConfigureAwait(false);
        }

        try
        {
            Body.Write(bytes);
            await Body.FlushAsync(aborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsDisconnect(exception))
        {
            // The client went away; the route ends the subscription.
        }
        finally
        {
            _write.Release();
        }
    }

    private bool IsDisconnect(Exception exception)
        => aborted.IsCancellationRequested || exception is OperationCanceledException or IOException or ObjectDisposedException;
}
