using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Beach.Actors.Gateway.Security;

/// <summary>
/// Fails the start of the host while any mapped endpoint is neither in <see cref="RouteScopes"/> nor explicitly
/// anonymous, naming each one and saying where to declare it. It runs once every hosted service has started, since
/// the host links the application's endpoints into routing only when it builds the request pipeline; until then (and
/// after, for any endpoint it might miss) the middleware still refuses a caller without a valid token.
/// </summary>
internal sealed class RouteScopeAudit(EndpointDataSource endpoints) : IHostedLifecycleService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var undeclared = Undeclared(endpoints.Endpoints);
        return undeclared.Count == 0
            ? Task.CompletedTask
            : throw new InvalidOperationException(
                $"These endpoints declare no scope: {string.Join(", ", undeclared)}. Give each a name (.WithName) and add it to "
                + "gateway/Security/RouteScopes.cs with the scope it requires, or to RouteScopes.Anonymous (or .AllowAnonymous()) if anyone may call it.");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static IReadOnlyList<string> Undeclared(IEnumerable<Microsoft.AspNetCore.Http.Endpoint> endpoints)
        => endpoints
            .Where(endpoint => RouteRequirement.For(endpoint) is { IsAnonymous: false, Scope: null })
            .Select(endpoint => RouteRequirement.NameOf(endpoint) ?? endpoint.DisplayName ?? "(unnamed endpoint)")
            .ToList();
}
