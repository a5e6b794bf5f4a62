using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Beach.Actors.Bench.Http;

/// <summary>
/// One session of the actions benchmark, both ends of it: the controller posts a batch under its lease and waits
/// until the harness has acked the batch's last action; the harness long-polls, acks what it got, and releases the
/// controllers waiting on it. So one operation is the whole pipeline: enqueue → delivered → acked.
/// </summary>
internal sealed class ActionSession(HttpClient http, string sessionId)
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, TaskCompletionSource> _waiting = [];
    private readonly byte[] _buffer = new byte[256 * 1024];
    private readonly byte[] _harnessBuffer = new byte[256 * 1024];
    private long _ackedThrough;
    private byte[] _batch = [];
    private readonly Uri _actions = new($"/sessions/{sessionId}/actions", UriKind.Relative);

    public async Task PrepareAsync(int batchSize)
    {
        await BenchHttpClient.SendAsync(http, BenchHttpClient.Json(HttpMethod.Post, new Uri("/sessions/register", UriKind.Relative), Encoding.UTF8.GetBytes(
            $$"""{"session_id":"{{sessionId}}","harness_id":"bench-harness","harness_type":"terminal_shim","capabilities":["terminal_write"]}""")), _buffer);
        await BenchHttpClient.SendAsync(http, BenchHttpClient.Json(HttpMethod.Post, new Uri($"/sessions/{sessionId}/health", UriKind.Relative), "{}"u8.ToArray()), _buffer);
        var length = await BenchHttpClient.SendAsync(http, BenchHttpClient.Json(HttpMethod.Post, new Uri($"/sessions/{sessionId}/controller/lease", UriKind.Relative), Encoding.UTF8.GetBytes(
            """{"controller_id":"bench-controller","ttl_ms":600000}""")), _buffer);
        using var lease = JsonDocument.Parse(_buffer.AsMemory(0, length));
        var leaseId = lease.RootElement.GetProperty("lease_id").GetString();
        var token = lease.RootElement.GetProperty("fencing_token").GetInt64();
        var actions = string.Join(',', Enumerable.Range(0, batchSize).Select(i => $$$"""{"kind":"terminal_write","payload":{"text":"echo {{{i}}}\n"}}"""));
        _batch = Encoding.UTF8.GetBytes($$"""{"lease_id":"{{leaseId}}","fencing_token":{{token}},"actions":[{{actions}}]}""");
    }

    /// <summary>The controller's operation: one batch, until its last action is acked.</summary>
    public async ValueTask<int> SendBatchAsync()
    {
        var length = await BenchHttpClient.SendAsync(http, BenchHttpClient.Json(HttpMethod.Post, _actions, _batch), _buffer);
        using var accepted = JsonDocument.Parse(_buffer.AsMemory(0, length));
        var last = accepted.RootElement.GetProperty("accepted").EnumerateArray().Last().GetProperty("seq").GetInt64();
        Task done;
        lock (_lock)
        {
            if (last <= _ackedThrough)
            {
                return 1;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[last] = waiter;
            done = waiter.Task;
        }

        await done;
        return 1;
    }

    /// <summary>The harness: poll, ack everything delivered, release the controllers it completes; until cancelled.</summary>
    public async Task RunHarnessAsync(CancellationToken cancellationToken)
    {
        var poll = new Uri($"/sessions/{sessionId}/actions/poll?timeout_ms=1000", UriKind.Relative);
        var ack = new Uri($"/sessions/{sessionId}/actions/ack", UriKind.Relative);
        var body = new StringBuilder();
        while (!cancellationToken.IsCancellationRequested)
        {
            var length = await BenchHttpClient.SendAsync(http, new HttpRequestMessage(HttpMethod.Get, poll), _harnessBuffer);
            long max;
            body.Clear().Append("{\"acks\":[");
            using (var delivery = JsonDocument.Parse(_harnessBuffer.AsMemory(0, length)))
            {
                var actions = delivery.RootElement.GetProperty("actions");
                if (actions.GetArrayLength() == 0)
                {
                    continue;
                }

                max = 0;
                var first = true;
                foreach (var action in actions.EnumerateArray())
                {
                    var seq = action.GetProperty("seq").GetInt64();
                    max = Math.Max(max, seq);
                    body.Append(first ? "" : ",").Append("{\"seq\":").Append(seq).Append(",\"status\":\"ok\"}");
                    first = false;
                }
            }

            body.Append("]}");
            await BenchHttpClient.SendAsync(http, BenchHttpClient.Json(HttpMethod.Post, ack, Encoding.UTF8.GetBytes(body.ToString())), _harnessBuffer);
            Release(max);
        }
    }

    /// <summary>
    /// The harness on the actions WebSocket: deliveries are pushed, each is acked on the same socket, and the
    /// ack_result releases the controllers it completes; until cancelled.
    /// </summary>
    public async Task RunWebSocketHarnessAsync(Uri baseAddress, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {Hosting.BenchSecurity.Token}");
        var address = new UriBuilder(baseAddress) { Scheme = "ws", Path = $"/sessions/{sessionId}/actions/ws" }.Uri;
        await socket.ConnectAsync(address, cancellationToken);
        var body = new StringBuilder();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var length = await ReceiveMessageAsync(socket, _harnessBuffer, cancellationToken);
                using var message = JsonDocument.Parse(_harnessBuffer.AsMemory(0, length));
                var root = message.RootElement;
                switch (root.GetProperty("type").GetString())
                {
                    case "actions":
                        body.Clear().Append("{\"acks\":[");
                        var first = true;
                        foreach (var action in root.GetProperty("actions").EnumerateArray())
                        {
                            body.Append(first ? "" : ",").Append("{\"seq\":").Append(action.GetProperty("seq").GetInt64()).Append(",\"status\":\"ok\"}");
                            first = false;
                        }

                        body.Append("]}");
                        await socket.SendAsync(Encoding.UTF8.GetBytes(body.ToString()), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                        break;
                    case "ack_result":
                        Release(root.GetProperty("outcomes").EnumerateArray().Max(outcome => outcome.GetProperty("seq").GetInt64()));
                        break;
                    default:
                        throw new InvalidOperationException($"The actions socket answered: {root}");
                }
            }
        }
        finally
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }
        }
    }

    private static async Task<int> ReceiveMessageAsync(ClientWebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            length += result.Count;
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"The actions socket closed: {socket.CloseStatus} {socket.CloseStatusDescription}");
            }
        }
        while (!result.EndOfMessage);

        return length;
    }

    private void Release(long ackedThrough)
    {
        List<TaskCompletionSource> released = [];
        lock (_lock)
        {
            _ackedThrough = Math.Max(_ackedThrough, ackedThrough);
            while (_waiting.Count > 0 && _waiting.First() is { Key: var seq, Value: var waiter } && seq <= _ackedThrough)
            {
                _waiting.Remove(seq);
                released.Add(waiter);
            }
        }

        foreach (var waiter in released)
        {
            waiter.TrySetResult();
        }
    }
}
