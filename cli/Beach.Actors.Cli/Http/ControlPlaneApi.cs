using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Beach.Actors.Cli.Http;

/// <summary>
/// The control plane's REST API as the CLI uses it: JSON in, JSON out, any error a <see cref="ProblemException"/>.
/// Command groups build their requests on <see cref="SendAsync"/>; new groups (actions, audit) need nothing more.
/// </summary>
internal sealed class ControlPlaneApi : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient _http;

    public ControlPlaneApi(Uri baseAddress, string? token, HttpMessageHandler? handler = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = baseAddress;
        _http.Timeout = s_timeout;
        if (token is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Task<JsonElement?> GetAsync(string path, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Get, path, null, null, cancellationToken);

    public Task<JsonElement?> PostAsync(string path, object body, string? idempotencyKey, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Post, path, body, idempotencyKey, cancellationToken);

    public Task<JsonElement?> DeleteAsync(string path, CancellationToken cancellationToken)
        => SendAsync(HttpMethod.Delete, path, null, null, cancellationToken);

    /// <summary>Sends <paramref name="body"/> (snake_case JSON) and returns the answer's JSON, or null for an empty answer.</summary>
    /// <exception cref="ProblemException">Any status but success.</exception>
    public async Task<JsonElement?> SendAsync(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, CliJson.Options), Encoding.UTF8, "application/json");
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement? json = null;
        if (text.Length > 0)
        {
            try
            {
                json = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException) when (!response.IsSuccessStatusCode)
            {
                // A proxy's HTML error page: print it as it came.
            }
        }

        return response.IsSuccessStatusCode ? json : throw new ProblemException(response.StatusCode, json, text);
    }

    public void Dispose() => _http.Dispose();
}
