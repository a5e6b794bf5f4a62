using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beach.Actors.Testing.Http;

namespace Beach.Actors.Gateway.Tests.Support;

/// <summary>One answer of an agent route: status, content type and the JSON body (success or problem).</summary>
internal sealed record AgentReply(HttpStatusCode Status, string? ContentType, JsonElement Json)
{
    public string Str(string name) => Json.GetProperty(name).GetString()!;

    /// <summary>The messages a validation problem gives for <paramref name="field"/>, joined.</summary>
    public string FieldError(string field)
        => Json.GetProperty("errors").TryGetProperty(field, out var messages)
            ? string.Join(" ", messages.EnumerateArray().Select(m => m.GetString()))
            : throw new InvalidOperationException($"No error for '{field}' in {Json}");
}

/// <summary>The agent routes over real HTTP, bodies written snake_case.</summary>
internal sealed class AgentApi(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public static object Manifest(string name = "SecurityAgent", string version = "1.0.0", string type = "security", object? configSchema = null, object? restartPolicy = null)
        => new
        {
            Name = name,
            Version = version,
            Type = type,
            Description = "Security monitoring agent",
            SubscribedTopics = new[] { "logs.security", "logs.auth" },
            FindingsTopic = "findings.security",
            Capabilities = new[] { "beach_state" },
            ConfigSchema = configSchema,
            RestartPolicy = restartPolicy,
        };

    public Task<AgentReply> RegisterAsync(object body) => SendAsync(HttpMethod.Post, "/agents", body);

    /// <summary>Registers and fails unless the agent was created; the id.</summary>
    public async Task<string> RegisterIdAsync(object? body = null)
    {
        var reply = await RegisterAsync(body ?? Manifest());
        return reply.Status == HttpStatusCode.Created ? reply.Str("agent_id") : throw new InvalidOperationException($"Register failed: {(int)reply.Status} {reply.Json}");
    }

    public Task<AgentReply> GetAsync(string id) => SendAsync(HttpMethod.Get, $"/agents/{id}");

    public Task<AgentReply> ListAsync(string query = "") => SendAsync(HttpMethod.Get, $"/agents{query}");

    public Task<AgentReply> CommandAsync(string id, string command, string? reason = null)
        => SendAsync(HttpMethod.Post, $"/agents/{id}/{command}", reason is null ? null : new { Reason = reason });

    public Task<AgentReply> HeartbeatAsync(string id, string status = "healthy", long? uptime = 60, object? metrics = null)
        => SendAsync(HttpMethod.Post, $"/agents/{id}/heartbeat", new { Status = status, Uptime = uptime, Metrics = metrics });

    public Task<AgentReply> HealthAsync(string id) => SendAsync(HttpMethod.Get, $"/agents/{id}/health");

    public Task<AgentReply> SendAsync(HttpMethod method, string path, object? body = null)
        => SendRawAsync(method, path, body is null ? null : JsonContent.Create(body, body.GetType(), options: ControlPlaneJson.Options));

    public async Task<AgentReply> SendRawAsync(HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new AgentReply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, json);
    }
}
