using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Beach.Actors.Gateway.Health;

/// <summary>Liveness and readiness for probes.</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("live")))
            .WithName("Liveness")
            .WithSummary("200 while the process serves requests.");

        routes.MapGet("/readyz", (IHostApplicationLifetime lifetime) =>
                lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested
                    ? Results.Ok(new HealthResponse("ready"))
                    : Results.Json(new HealthResponse("not ready"), statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithName("Readiness")
            .WithSummary("200 once the silo has started and until it begins to stop; 503 otherwise.")
            .Produces<HealthResponse>()
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
    }
}
