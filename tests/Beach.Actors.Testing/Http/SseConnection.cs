using System.Net;
using System.Text;

namespace Beach.Actors.Testing.Http;

/// <summary>One SSE message as the client parses it: its fields, or a comment line.</summary>
public sealed record SseMessage(string? Id, string? Event, string? Data, string? Comment, int? Retry);

/// <summary>
/// A Server-Sent Events client over real HTTP: reads messages as a browser's EventSource would (fields up to a blank
/// line), each read bounded in real time as a failure guard. Disposing it is the client disconnecting.
/// </summary>
public sealed class SseConnection : IAsyncDisposable
{
    private static readonly TimeSpan ReadLimit = TimeSpan.FromSeconds(30);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseConnection(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens the stream; the response's headers have arrived when it returns. A non-200 answer is returned unread.</summary>
    public static async Task<SseConnection> OpenAsync(HttpClient http, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStreamAsync();
        return new SseConnection(response, body);
    }

    public bool IsOk => _response.StatusCode == HttpStatusCode.OK;

    /// <summary>The next message, comments included.</summary>
    public async Task<SseMessage> ReadAsync()
    {
        using var limit = new CancellationTokenSource(ReadLimit);
        string? id = null, name = null, comment = null;
        int? retry = null;
        StringBuilder? data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(limit.Token) ?? throw new EndOfStreamException("The server ended the stream.");
            if (line.Length == 0)
            {
                if (id is null && name is null && data is null && comment is null && retry is null)
                {
                    continue;
                }

                return new SseMessage(id, name, data?.ToString(), comment, retry);
            }

            if (line.StartsWith(':'))
            {
                comment = line[1..].Trim();
                continue;
            }

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    name = value;
                    break;
                case "data":
                    (data ??= new StringBuilder()).Append(data.Length > 0 ? "\n" : "").Append(value);
                    break;
                case "retry":
                    retry = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
            }
        }
    }

    /// <summary>The next message that is an event (skipping heartbeats and the reconnect hint).</summary>
    public async Task<SseMessage> ReadEventAsync()
    {
        while (true)
        {
            var message = await ReadAsync();
            if (message.Event is not null || message.Data is not null)
            {
                return message;
            }
        }
    }

    public async Task<List<SseMessage>> ReadEventsAsync(int count)
    {
        var events = new List<SseMessage>();
        while (events.Count < count)
        {
            events.Add(await ReadEventAsync());
        }

        return events;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
