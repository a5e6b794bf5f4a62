using System.Collections.Immutable;
using System.Text.Json;
using Beach.Actors.Gateway.Json;
using Beach.Actors.Gateway.Problems;
using Beach.Actors.Gateway.Tenancy;
using Beach.Actors.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Beach.Actors.Gateway.Sessions;

/// <summary>Session registration, reads and health reports.</summary>
internal static class SessionEndpoints
{
    private const int MAX_HARNESS_ID_LENGTH = 256;
    private const int MAX_HARNESS_TYPE_LENGTH = 128;
    private const int MAX_CAPABILITIES = 256;
    private const int MAX_CAPABILITY_LENGTH = 128;
    private const int MAX_HEALTH_LENGTH = 64;

    private static readonly JsonElement s_emptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/sessions/register", RegisterAsync)
            .WithName("RegisterSession")
            .WithSummary("Registers a session and its harness.")
            .Accepts<RegisterSessionRequest>("application/json")
            .Produces<SessionResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        routes.MapGet("/sessions/{id}", GetAsync)
            .WithName("GetSession")
            .WithSummary("Reads a session.")
            .Produces<SessionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapPost("/sessions/{id}/health", HealthAsync)
            .WithName("ReportSessionHealth")
            .WithSummary("Records a heartbeat from the session's harness.")
            .Accepts<SessionHealthRequest>("application/json")
            .Produces<SessionResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, IGrainFactory grains, TenantResolver tenants)
    {
        var (body, problem) = await JsonBody.ReadAsync(context, GatewayJsonContext.Default.RegisterSessionRequest);
        if (problem is not null)
        {
            return problem;
        }

        var validation = new RequestValidation();
        if (body!.SessionId is not null && !SessionKey.IsValidSessionId(body.SessionId))
        {
            validation.Add("session_id", $"must be 1–{SessionKey.MAX_SESSION_ID_LENGTH} letters, digits, '.', '_', ':' or '-'.");
        }

        validation.RequireText("harness_id", body.HarnessId, MAX_HARNESS_ID_LENGTH);
        validation.RequireText("harness_type", body.HarnessType, MAX_HARNESS_TYPE_LENGTH);
        ValidateCapabilities(validation, body.Capabilities);
        if (body.Metadata is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
        {
            validation.Add("metadata", "must be a JSON object.");
        }

        var leaseOnStale = body.LeaseOnStale switch
        {
            null or "release" => StaleLeasePolicy.Release,
            "freeze" => StaleLeasePolicy.Freeze,
            _ => (StaleLeasePolicy?)null,
        };
        if (leaseOnStale is null)
        {
            validation.Add("lease_on_stale", "must be 'release' or 'freeze'.");
        }

        if (!validation.IsValid)
        {
            return Problems.Problems.Validation(validation.Errors);
        }

        var sessionId = body.SessionId ?? Guid.NewGuid().ToString("D");
        var metadata = body.Metadata is { ValueKind: JsonValueKind.Object } given ? given.Clone() : s_emptyObject;
        var registration = new SessionRegistration(body.HarnessId!, body.HarnessType!, [.. body.Capabilities?.Select(c => c!) ?? []], metadata, leaseOnStale!.Value);
        var session = await grains.GetGrain<ISessionGrain>(SessionKey.For(tenants.Resolve(context), sessionId)).RegisterAsync(registration);
        return JsonResponse.Created($"/sessions/{Uri.EscapeDataString(sessionId)}", ToResponse(session), GatewayJsonContext.Default.SessionResponse);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IGrainFactory grains, TenantResolver tenants)
    {
        if (!SessionKey.IsValidSessionId(id))
        {
            return InvalidId();
        }

        var tenant = tenants.Resolve(context);
        var session = await grains.GetGrain<ISessionGrain>(SessionKey.For(tenant, id)).GetAsync() ?? throw new SessionNotFoundException(id);
        await Audit.SessionStateAudit.StateReadAsync(context, tenant, id);
        return JsonResponse.Ok(ToResponse(session), GatewayJsonContext.Default.SessionResponse);
    }

    private static async Task<IResult> HealthAsync(string id, HttpContext context, IGrainFactory grains, TenantResolver tenants)
    {
        if (!SessionKey.IsValidSessionId(id))
        {
            return InvalidId();
        }

        var (body, problem) = await JsonBody.ReadAsync(context, GatewayJsonContext.Default.SessionHealthRequest, optional: true);
        if (problem is not null)
        {
            return problem;
        }

        if (body?.Status is { Length: > MAX_HEALTH_LENGTH })
        {
            return Problems.Problems.Validation("status", $"must be at most {MAX_HEALTH_LENGTH} characters.");
        }

        var session = await grains.GetGrain<ISessionGrain>(SessionKey.For(tenants.Resolve(context), id)).HeartbeatAsync(body?.Status);
        return JsonResponse.Ok(ToResponse(session), GatewayJsonContext.Default.SessionResponse);
    }

    internal static IResult InvalidId() => Problems.Problems.Validation(
        "id", $"A session id is 1–{SessionKey.MAX_SESSION_ID_LENGTH} letters, digits, '.', '_', ':' or '-'.");

    private static void ValidateCapabilities(RequestValidation validation, List<string?>? capabilities)
    {
        if (capabilities is null)
        {
            return;
        }

        if (capabilities.Count > MAX_CAPABILITIES)
        {
            validation.Add("capabilities", $"must list at most {MAX_CAPABILITIES} capabilities.");
        }

        for (var i = 0; i < capabilities.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(capabilities[i]) || capabilities[i]!.Length > MAX_CAPABILITY_LENGTH)
            {
                validation.Add($"capabilities[{i}]", $"must be a non-blank string of at most {MAX_CAPABILITY_LENGTH} characters.");
            }
        }
    }

    private static SessionResponse ToResponse(SessionInfo session) => new(
        session.SessionId,
        session.HarnessId,
        session.HarnessType,
        session.Capabilities.IsDefault ? ImmutableArray<string>.Empty : session.Capabilities,
        session.Metadata.ValueKind == JsonValueKind.Undefined ? s_emptyObject : session.Metadata,
        session.Status.ToString().ToLowerInvariant(),
        session.HarnessHealth,
        session.RegisteredAt,
        session.LastHeartbeatAt);
}
