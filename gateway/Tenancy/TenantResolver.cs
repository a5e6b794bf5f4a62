using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Gateway.Tenancy;

/// <summary>
/// Which tenant a request acts for. Until tokens arrive it is the one development tenant; then it will come from the
/// token, and every grain key is built from it, so no request can name another tenant's grain.
/// </summary>
internal sealed class TenantResolver(IOptions<GatewayOptions> options)
{
    public string Resolve(HttpContext context) => options.Value.DevelopmentTenant;
}
