using System.Collections.Immutable;
using System.Globalization;
using Beach.Actors.Agents;
using Beach.Actors.Gateway.Json;
using Beach.Actors.Gateway.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Beach.Actors.Gateway.Agents;

/// <summary>Heartbeats, health, and the ingest and query of recent logs and metrics (seed 003, "Monitoring").</summary>
internal static class AgentMonitoringEndpoints
{
    /// <summary>Entries a query answers unless <c>limit</c> says otherwise.</summary>
    public const int DEFAULT_QUERY_LIMIT = 100;

    /// <summary>The most a query answers: a ring never holds more than its capacity anyway.</summary>
    public const int MAX_QUERY_LIMIT = 1_000;

    private const int MAX_MESSAGE_LENGTH = 8_192;
    private const int MAX_NAME_LENGTH = 128;
    private const int MAX_CONTEXT_FIELDS = 32;
    private const int MAX_HEARTBEAT_METRICS = 64;

    private static readonly string[] s_health = ["healthy", "degraded", "unhealthy"];

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/agents/{id}/heartbeat", HeartbeatAsync)
            .WithName("AgentHeartbeat")
            .WithSummary("Records a heartbeat (status, uptime, optional metrics) of a Running agent; a Failed one is Running again.")
            .Accepts<AgentHeartbeatRequest>("application/json")
            .Produces<AgentHealthResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        routes.MapGet("/agents/{id}/health", HealthAsync)
            .WithName("GetAgentHealth")
            .WithSummary("An agent's health: its state, last beat, missed beats and restart policy.")
            .Produces<AgentHealthResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapPost("/agents/{id}/logs", IngestLogsAsync)
            .WithName("IngestAgentLogs")
            .WithSummary("Adds a batch of log entries to the agent's bounded ring.")
            .Accepts<AgentLogsRequest>("application/json")
            .Produces<AgentIngestResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapGet("/agents/{id}/logs", QueryLogsAsync)
            .WithName("GetAgentLogs")
            .WithSummary("Recent log entries (level = minimum level, since, limit), with what the ring dropped.")
            .Produces<AgentLogsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapPost("/agents/{id}/metrics", IngestMetricsAsync)
            .WithName("IngestAgentMetrics")
            .WithSummary("Adds a batch of metric samples to the agent's bounded ring.")
            .Accepts<AgentMetricsRequest>("application/json")
            .Produces<AgentIngestResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapGet("/agents/{id}/metrics", QueryMetricsAsync)
            .WithName("GetAgentMetrics")
            .WithSummary("Recent metric samples (name, since, limit), with what the ring dropped.")
            .Produces<AgentMetricsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> HeartbeatAsync(string id, HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync(context, AgentsJsonContext.Default.AgentHeartbeatRequest);
        if (problem is not null)
        {
            return problem;
        }

        var validation = new RequestValidation();
        if (body!.Status is null || !s_health.Contains(body.Status, StringComparer.Ordinal))
        {
            validation.Add("status", $"must be one of {string.Join(", ", s_health)}.");
        }

        if (body.Uptime is < 0)
        {
            validation.Add("uptime", "must be zero or more seconds.");
        }

        if (body.Metrics is { } metrics)
        {
            if (metrics.Count > MAX_HEARTBEAT_METRICS)
            {
                validation.Add("metrics", $"must hold at most {MAX_HEARTBEAT_METRICS} metrics.");
            }

            foreach (var (name, value) in metrics)
            {
                if (name.Length is 0 or > MAX_NAME_LENGTH || !double.IsFinite(value))
                {
                    validation.Add($"metrics.{name}", $"must be named in 1–{MAX_NAME_LENGTH} characters and be a finite number.");
                }
            }
        }

        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var heartbeat = new AgentHeartbeat(body.Status!, body.Uptime, body.Metrics?.ToImmutableDictionary(StringComparer.Ordinal));
        var health = await AgentRequests.Agent(context, id).HeartbeatAsync(heartbeat);
        return JsonResponse.Ok(AgentMapping.ToResponse(health), AgentsJsonContext.Default.AgentHealthResponse);
    }

    private static async Task<IResult> HealthAsync(string id, HttpContext context)
    {
        var health = await AgentRequests.Agent(context, id).GetHealthAsync();
        return JsonResponse.Ok(AgentMapping.ToResponse(health), AgentsJsonContext.Default.AgentHealthResponse);
    }

    private static async Task<IResult> IngestLogsAsync(string id, HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync(context, AgentsJsonContext.Default.AgentLogsRequest);
        if (problem is not null)
        {
            return problem;
        }

        var validation = new RequestValidation();
        var entries = body!.Entries;
        var max = AgentRequests.Options(context).MaxIngestBatch;
        if (entries is null or { Count: 0 })
        {
            validation.Add("entries", "must list at least one entry.");
        }
        else if (entries.Count > max)
        {
            validation.Add("entries", $"must list at most {max} entries; nothing was kept. Send smaller batches.");
        }

        var now = AgentRequests.Now(context);
        var accepted = ImmutableArray.CreateBuilder<AgentLogEntry>(entries?.Count ?? 0);
        for (var i = 0; validation.IsValid && i < entries!.Count; i++)
        {
            var entry = entries[i];
            var level = ParseLevel(entry?.Level);
            if (entry is null || level is null)
            {
                validation.Add($"entries[{i}].level", "must be debug, info, warning, error or critical.");
                continue;
            }

            if (string.IsNullOrEmpty(entry.Message) || entry.Message.Length > MAX_MESSAGE_LENGTH)
            {
                validation.Add($"entries[{i}].message", $"must be 1–{MAX_MESSAGE_LENGTH} characters.");
            }

            if (entry.Context is { Count: > MAX_CONTEXT_FIELDS })
            {
                validation.Add($"entries[{i}].context", $"must hold at most {MAX_CONTEXT_FIELDS} fields.");
            }

            accepted.Add(new AgentLogEntry(entry.Timestamp ?? now, level.Value, entry.Message ?? "", entry.Context?.ToImmutableDictionary(StringComparer.Ordinal)));
        }

        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var result = await AgentRequests.Agent(context, id).IngestLogsAsync(accepted.ToImmutable());
        return JsonResponse.Ok(AgentMapping.ToResponse(result), AgentsJsonContext.Default.AgentIngestResponse);
    }

    private static async Task<IResult> QueryLogsAsync(string id, HttpContext context)
    {
        var validation = new RequestValidation();
        AgentLogLevel? level = null;
        if (context.Request.Query["level"].ToString() is { Length: > 0 } raw)
        {
            level = ParseLevel(raw);
            if (level is null)
            {
                validation.Add("level", "must be debug, info, warning, error or critical (the minimum level).");
            }
        }

        var query = new AgentTelemetryQuery(Since(context, validation), level, null, Limit(context, validation));
        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var page = await AgentRequests.Agent(context, id).QueryLogsAsync(query);
        return JsonResponse.Ok(AgentMapping.ToResponse(page), AgentsJsonContext.Default.AgentLogsResponse);
    }

    private static async Task<IResult> IngestMetricsAsync(string id, HttpContext context)
    {
        var (body, problem) = await JsonBody.ReadAsync(context, AgentsJsonContext.Default.AgentMetricsRequest);
        if (problem is not null)
        {
            return problem;
        }

        var validation = new RequestValidation();
        var samples = body!.Samples;
        var max = AgentRequests.Options(context).MaxIngestBatch;
        if (samples is null or { Count: 0 })
        {
            validation.Add("samples", "must list at least one sample.");
        }
        else if (samples.Count > max)
        {
            validation.Add("samples", $"must list at most {max} samples; nothing was kept. Send smaller batches.");
        }

        var now = AgentRequests.Now(context);
        var accepted = ImmutableArray.CreateBuilder<AgentMetricSample>(samples?.Count ?? 0);
        for (var i = 0; validation.IsValid && i < samples!.Count; i++)
        {
            var sample = samples[i];
            if (sample?.Name is not { Length: > 0 and <= MAX_NAME_LENGTH } name)
            {
                validation.Add($"samples[{i}].name", $"must be 1–{MAX_NAME_LENGTH} characters.");
                continue;
            }

            if (sample.Value is not { } value || !double.IsFinite(value))
            {
                validation.Add($"samples[{i}].value", "must be a finite number.");
                continue;
            }

            accepted.Add(new AgentMetricSample(sample.Timestamp ?? now, name, value));
        }

        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var result = await AgentRequests.Agent(context, id).IngestMetricsAsync(accepted.ToImmutable());
        return JsonResponse.Ok(AgentMapping.ToResponse(result), AgentsJsonContext.Default.AgentIngestResponse);
    }

    private static async Task<IResult> QueryMetricsAsync(string id, HttpContext context)
    {
        var validation = new RequestValidation();
        var name = context.Request.Query["name"].ToString() is { Length: > 0 } n ? n : null;
        var query = new AgentTelemetryQuery(Since(context, validation), null, name, Limit(context, validation));
        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var page = await AgentRequests.Agent(context, id).QueryMetricsAsync(query);
        return JsonResponse.Ok(AgentMapping.ToResponse(page), AgentsJsonContext.Default.AgentMetricsResponse);
    }

    private static AgentLogLevel? ParseLevel(string? level) => level?.ToLowerInvariant() switch
    {
        "debug" => AgentLogLevel.Debug,
        "info" => AgentLogLevel.Info,
        "warning" or "warn" => AgentLogLevel.Warning,
        "error" => AgentLogLevel.Error,
        "critical" => AgentLogLevel.Critical,
        _ => null,
    };

    private static DateTimeOffset? Since(HttpContext context, RequestValidation validation)
    {
        var raw = context.Request.Query["since"].ToString();
        if (raw.Length == 0)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
        {
            return since;
        }

        validation.Add("since", "must be an ISO 8601 timestamp, for example 2026-01-01T00:00:00Z.");
        return null;
    }

    private static int Limit(HttpContext context, RequestValidation validation)
        => (int)Query.Long(context, "limit", DEFAULT_QUERY_LIMIT, 1, MAX_QUERY_LIMIT, validation);
}
