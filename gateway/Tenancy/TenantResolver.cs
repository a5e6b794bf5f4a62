using Beach.Actors.Gateway.Security;
using Microsoft.AspNetCore.Http;

namespace Beach.Actors.Gateway.Tenancy;

/// <summary>
/// Which tenant a request acts for: the <c>tenant</c> claim of its validated bearer token. Every grain key is built
/// from it (<c>{tenant}/{session}</c>), so no request can name another tenant's grain.
/// </summary>
internal sealed class TenantResolver
{
    /// <exception cref="InvalidOperationException">The route is anonymous, so no token was validated for it.</exception>
    public string Resolve(HttpContext context)
        => context.Features.Get<CallerIdentity>()?.Tenant
           ?? throw new InvalidOperationException($"{context.Request.Path} resolved a tenant without an authenticated caller; the route must require a scope in RouteScopes.");

    /// <summary>Who the request acts as: the token's <c>sub</c> (for audit records and per-controller limits).</summary>
    /// <exception cref="InvalidOperationException">The route is anonymous, so no token was validated for it.</exception>
    public string Principal(HttpContext context)
        => context.Features.Get<CallerIdentity>()?.Subject
           ?? throw new InvalidOperationException($"{context.Request.Path} asked for the principal without an authenticated caller.");
}
