using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Beach.Actors.Gateway.Security;

/// <summary>What an endpoint asks of its caller, read from <see cref="RouteScopes"/> by the endpoint's name.</summary>
internal readonly record struct RouteRequirement(bool IsAnonymous, string? Scope)
{
    /// <summary>
    /// An endpoint in neither list gets <see cref="Scope"/> null: it still needs a valid token. Only endpoints the
    /// framework makes while routing (405 answers) can be so at run time; any mapped one fails the start-up audit.
    /// </summary>
    public static RouteRequirement For(Endpoint endpoint)
    {
        var name = NameOf(endpoint);
        if (name is not null && RouteScopes.Anonymous.Contains(name) || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return new RouteRequirement(true, null);
        }

        return new RouteRequirement(false, name is not null && RouteScopes.Required.TryGetValue(name, out var scope) ? scope : null);
    }

    public static string? NameOf(Endpoint endpoint) => endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
}
