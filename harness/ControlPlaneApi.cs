using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Beach.Actors.Harness;

/// <summary>The control plane's routes that a harness calls, over HTTP with its bearer token.</summary>
internal sealed class ControlPlaneApi : IDisposable
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly HttpClient _http;
    private readonly string _session;

    public ControlPlaneApi(HarnessOptions options, HttpMessageHandler? handler = null)
    {
        // A poll waits up to its own timeout; the client must wait a little longer than that before giving up.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2) })
        {
            BaseAddress = options.Url,
            Timeout = options.PollTimeout + TimeSpan.FromSeconds(30),
        };
        if (options.Token is { Length: > 0 } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _session = $"/sessions/{Uri.EscapeDataString(options.SessionId)}";
    }

    public Task RegisterAsync(HarnessOptions options, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Post, "/sessions/register", new
        {
            SessionId = options.SessionId,
            HarnessId = options.HarnessId,
            HarnessType = options.HarnessType,
            Capabilities = options.Capabilities,
            Metadata = new { Target = string.Join(' ', options.Command) },
        }, cancellationToken);

    public Task HeartbeatAsync(string health, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Post, $"{_session}/health", new { Status = health }, cancellationToken);

    public async Task<IReadOnlyList<HarnessAction>> PollAsync(TimeSpan timeout, int max, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"{_session}/actions/poll?timeout_ms={(long)timeout.TotalMilliseconds}&max={max}", cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var delivery = await response.Content.ReadFromJsonAsync<Delivery>(s_json, cancellationToken);
        return delivery?.Actions ?? [];
    }

    public Task AckAsync(IReadOnlyList<HarnessAck> acks, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Post, $"{_session}/actions/ack", new { Acks = acks }, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task SendAsync(HttpMethod method, string path, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, body.GetType(), options: s_json) };
        using var response = await _http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var detail = await response.Content.ReadAsStringAsync(cancellationToken);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        throw new ControlPlaneException(response.StatusCode, detail, retryAfter);
    }

    private sealed record Delivery(IReadOnlyList<HarnessAction> Actions);
}

/// <summary>The control plane refused a call; <see cref="IsTransient"/> says whether trying again may help.</summary>
internal sealed class ControlPlaneException(HttpStatusCode status, string problem, TimeSpan? retryAfter)
    : Exception($"The control plane answered {(int)status}: {problem}")
{
    public HttpStatusCode Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Overload, unavailability and outcome-unknown answers pass; a refusal of the request itself does not.</summary>
    public bool IsTransient => Status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.BadGateway;
}
