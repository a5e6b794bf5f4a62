using Beach.Actors.Gateway.Actions;
using Beach.Actors.Gateway.Events;
using Beach.Actors.Gateway.Agents;
using Beach.Actors.Gateway.Health;
using Beach.Actors.Gateway.Json;
using Beach.Actors.Gateway.Leases;
using Beach.Actors.Gateway.Problems;
using Beach.Actors.Gateway.Security;
using Beach.Actors.Gateway.Sessions;
using Beach.Actors.Gateway.Tenancy;
using Beach.Actors.Leases;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Gateway;

/// <summary>Adds the REST gateway: routes that turn HTTP into grain calls, problem documents and OpenAPI.</summary>
public static class GatewayExtensions
{
    /// <summary>Registers the gateway's services. The host must also provide an <see cref="IGrainFactory"/>.</summary>
    public static IServiceCollection AddBeachGateway(this IServiceCollection services, Action<GatewayOptions>? configure = null)
    {
        services.AddOptions<GatewayOptions>();
        services.AddOptions<LeaseOptions>();
        services.AddOptions<Beach.Actors.Onboarding.OnboardingOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddSingleton<TenantResolver>();
        services.AddBeachGatewaySecurity();
        services.AddOptions<SessionEventStreamOptions>();
        services.AddSingleton<SessionEventSubscribers>();
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayJsonContext.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(1, ActionsJsonContext.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(2, AgentsJsonContext.Default);
            options.SerializerOptions.TypeInfoResolverChain.Insert(3, Onboarding.OnboardingJsonContext.Default);
        });
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = FrameworkProblems.Explain);
        services.AddExceptionHandler<GatewayExceptionHandler>();
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Beach.Actors control plane";
                document.Info.Description = "Sessions, controller leases and their audited events. Errors are application/problem+json. Every route but the probes needs a bearer token (Authorization: Bearer …) with the scope its description names.";
                return Task.CompletedTask;
            });
            ScopeDocumentation.AddTo(options);
        });
        return services;
    }

    /// <summary>Adds the error pipeline; call before the routes.</summary>
    public static IApplicationBuilder UseBeachGateway(this IApplicationBuilder app)
    {
        var bodyLimit = app.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<GatewayOptions>>().Value.MaxRequestBodyBytes;
        app.Use((context, next) =>
        {
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = bodyLimit;
            }

            return next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages(FrameworkProblems.WriteStatusCodePageAsync);
        app.UseWebSockets();
        app.UseBeachGatewaySecurity();
        return app;
    }

    /// <summary>Maps every route and the OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static IEndpointRouteBuilder MapBeachGateway(this IEndpointRouteBuilder routes)
    {
        SessionEndpoints.Map(routes);
        LeaseEndpoints.Map(routes);
        ActionEndpoints.Map(routes);
        AgentRoutes.Map(routes);
        Onboarding.TemplateEndpoints.Map(routes);
        Onboarding.TenantEndpoints.Map(routes);
        HealthEndpoints.Map(routes);
        Gateway.Audit.AuditEndpoints.Map(routes);
        SessionEventEndpoints.Map(routes);
        routes.MapOpenApi("/openapi/{documentName}.json").WithName(RouteScopes.OPENAPI_ENDPOINT);
        return routes;
    }
}
