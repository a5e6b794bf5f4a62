using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Beach.Actors.Testing.Http;

/// <summary>
/// Speaks the control plane's REST API over a real <see cref="HttpClient"/>: every route the tests drive, each
/// returning the status and the parsed body or problem, so tests assert on what a real caller would see.
/// </summary>
public sealed class ControlPlaneClient(HttpClient http)
{
    /// <summary>The client underneath, for requests these methods do not cover (bad input on purpose).</summary>
    public HttpClient Http { get; } = http;

    /// <summary><c>POST /sessions/register</c> with <paramref name="body"/> written snake_case.</summary>
    public Task<ApiResponse<SessionJson>> RegisterAsync(object body)
        => SendAsync<SessionJson>(HttpMethod.Post, "/sessions/register", body);

    /// <summary>Registers <paramref name="sessionId"/> for <paramref name="harnessId"/> and fails unless it was created.</summary>
    public async Task<SessionJson> RegisterSessionAsync(string sessionId, string harnessId = "harness-1")
    {
        var response = await RegisterAsync(new { SessionId = sessionId, HarnessId = harnessId, HarnessType = "terminal_shim", Capabilities = new[] { "terminal_semantic_v1" } });
        return response.Status == HttpStatusCode.Created ? response.Body : throw new InvalidOperationException($"Register failed: {(int)response.Status} {response.Problem}");
    }

    /// <summary><c>GET /sessions/{id}</c>.</summary>
    public Task<ApiResponse<SessionJson>> GetSessionAsync(string sessionId)
        => SendAsync<SessionJson>(HttpMethod.Get, $"/sessions/{Uri.EscapeDataString(sessionId)}");

    /// <summary><c>POST /sessions/{id}/health</c>, with a body only when <paramref name="status"/> is given.</summary>
    public Task<ApiResponse<SessionJson>> HeartbeatAsync(string sessionId, string? status = null)
        => SendAsync<SessionJson>(HttpMethod.Post, $"/sessions/{Uri.EscapeDataString(sessionId)}/health", status is null ? null : new { Status = status });

    /// <summary><c>POST /sessions/{id}/controller/lease</c> without a lease id: acquire.</summary>
    public Task<ApiResponse<LeaseJson>> AcquireAsync(string sessionId, string controllerId, long ttlMs, CancellationToken cancellationToken = default)
        => SendAsync<LeaseJson>(HttpMethod.Post, LeasePath(sessionId), new { ControllerId = controllerId, TtlMs = ttlMs }, cancellationToken);

    /// <summary><c>POST /sessions/{id}/controller/lease</c> with a lease id: renew.</summary>
    public Task<ApiResponse<LeaseJson>> RenewAsync(string sessionId, string leaseId, long ttlMs, string? controllerId = null)
        => SendAsync<LeaseJson>(HttpMethod.Post, LeasePath(sessionId), new { LeaseId = leaseId, ControllerId = controllerId, TtlMs = ttlMs });

    /// <summary><c>DELETE /sessions/{id}/controller/lease?lease_id=</c>.</summary>
    public Task<ApiResponse<NoBody>> ReleaseAsync(string sessionId, string leaseId, CancellationToken cancellationToken = default)
        => SendAsync<NoBody>(HttpMethod.Delete, $"{LeasePath(sessionId)}?lease_id={Uri.EscapeDataString(leaseId)}", cancellationToken: cancellationToken);

    /// <summary><c>GET /sessions/{id}/controller-events?after=&amp;limit=</c>.</summary>
    public Task<ApiResponse<ControllerEventsPageJson>> GetControllerEventsAsync(string sessionId, long after = 0, int? limit = null)
        => SendAsync<ControllerEventsPageJson>(
            HttpMethod.Get,
            $"/sessions/{Uri.EscapeDataString(sessionId)}/controller-events?after={after}{(limit is { } l ? $"&limit={l}" : "")}");

    /// <summary>
    /// Every controller event of the session, read page by page through <c>next_cursor</c>. Bounded: fails after
    /// <paramref name="maxPages"/> pages rather than loop on a cursor that does not move.
    /// </summary>
    public async Task<IReadOnlyList<ControllerEventJson>> ReadAllControllerEventsAsync(string sessionId, int pageSize = 1_000, int maxPages = 10_000)
    {
        var events = new List<ControllerEventJson>();
        var cursor = 0L;
        for (var page = 0; page < maxPages; page++)
        {
            var response = await GetControllerEventsAsync(sessionId, cursor, pageSize);
            var body = response.Body;
            if (body.Events.Count == 0)
            {
                return body.NextCursor == cursor
                    ? events
                    : throw new InvalidOperationException($"An empty page moved next_cursor from {cursor} to {body.NextCursor}.");
            }

            if (body.NextCursor != body.Events[^1].Seq)
            {
                throw new InvalidOperationException($"next_cursor {body.NextCursor} is not the last event's seq {body.Events[^1].Seq}.");
            }

            events.AddRange(body.Events);
            cursor = body.NextCursor;
        }

        throw new InvalidOperationException($"Controller events of '{sessionId}' did not end within {maxPages} pages.");
    }

    /// <summary>Sends <paramref name="body"/> (when given) as JSON and reads the answer.</summary>
    public async Task<ApiResponse<T>> SendAsync<T>(HttpMethod method, string path, object? body = null, CancellationToken cancellationToken = default)
        where T : class
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ControlPlaneJson.Options);
        }

        using var response = await Http.SendAsync(request, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    /// <summary>Reads an answer: the body as <typeparamref name="T"/> on success, the problem document otherwise.</summary>
    public static async Task<ApiResponse<T>> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken = default)
        where T : class
    {
        var contentType = response.Content.Headers.ContentType?.MediaType;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            JsonElement? problem = contentType == "application/problem+json" && text.Length > 0
                ? JsonDocument.Parse(text).RootElement.Clone()
                : null;
            return new ApiResponse<T>(response.StatusCode, contentType, null, problem);
        }

        var value = typeof(T) == typeof(NoBody) || text.Length == 0 ? null : JsonSerializer.Deserialize<T>(text, ControlPlaneJson.Options);
        return new ApiResponse<T>(response.StatusCode, contentType, value, null);
    }

    private static string LeasePath(string sessionId) => $"/sessions/{Uri.EscapeDataString(sessionId)}/controller/lease";
}
