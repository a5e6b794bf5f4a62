namespace Beach.Actors.Bench.Http;

/// <summary>
/// One SSE subscriber for the fan-out bench: reads the raw stream and counts event frames (lines that start with
/// <c>id:</c>) and gap frames, without parsing or allocating per event, so the client costs as little as it can.
/// </summary>
internal sealed class SseSubscriber
{
    private const int BUFFER_BYTES = 4_096;

    private static ReadOnlySpan<byte> EventStart => "\nid:"u8;

    private static ReadOnlySpan<byte> GapStart => "\nevent: stream_gap"u8;

    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _events;
    private long _gaps;
    private int _eventMatch;
    private int _gapMatch;

    public Task Connected => _connected.Task;

    public long Events => Interlocked.Read(ref _events);

    public long Gaps => Interlocked.Read(ref _gaps);

    /// <summary>Reads <paramref name="path"/> until <paramref name="cancellationToken"/> fires or the server ends it.</summary>
    public async Task RunAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[BUFFER_BYTES];
            while (true)
            {
                var read = await body.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                // The first bytes are the route's reconnect hint, sent once it has subscribed.
                _connected.TrySetResult();
                Count(buffer.AsSpan(0, read));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            _connected.TrySetException(exception);
        }
    }

    private void Count(ReadOnlySpan<byte> bytes)
    {
        long events = 0, gaps = 0;
        foreach (var b in bytes)
        {
            _eventMatch = Step(EventStart, _eventMatch, b, ref events);
            _gapMatch = Step(GapStart, _gapMatch, b, ref gaps);
        }

        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _gaps, gaps);
    }

    private static int Step(ReadOnlySpan<byte> pattern, int matched, byte b, ref long count)
    {
        if (b == pattern[matched])
        {
            if (++matched == pattern.Length)
            {
                count++;
                return 0;
            }

            return matched;
        }

        return b == pattern[0] ? 1 : 0;
    }
}
