using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;

namespace Beach.Actors.Gateway.Security;

/// <summary>Writes into each operation of the OpenAPI document the scope its route requires, read from <see cref="RouteScopes"/>.</summary>
internal static class ScopeDocumentation
{
    public static void AddTo(OpenApiOptions options) => options.AddOperationTransformer((operation, context, _) =>
    {
        var name = context.Description.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
        var requirement = name is null ? null
            : RouteScopes.Anonymous.Contains(name) ? "No token needed."
            : RouteScopes.Required.TryGetValue(name, out var scope) ? $"Requires a bearer token with the scope `{scope}` (or `{Scopes.Admin}`); the tenant is the token's."
            : null;
        if (requirement is not null)
        {
            operation.Description = string.IsNullOrEmpty(operation.Description) ? requirement : $"{operation.Description} {requirement}";
        }

        return Task.CompletedTask;
    });
}
