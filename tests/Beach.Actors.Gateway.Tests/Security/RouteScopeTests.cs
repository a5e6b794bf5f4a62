using Beach.Actors.Gateway.Security;
using Beach.Actors.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Gateway.Tests.Security;

/// <summary>A route cannot be forgotten: the gateway does not start while any endpoint declares no scope.</summary>
public sealed class RouteScopeTests
{
    [Fact]
    public async Task The_gateway_refuses_to_start_with_an_endpoint_that_declares_no_scope_and_names_it()
    {
        var data = Directory.CreateTempSubdirectory("beach-route-scope-").FullName;
        try
        {
            await using var app = EmbeddedSilo.Build(
                ["--url", "http://127.0.0.1:0", "--data", data],
                services => services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Critical)));
            app.MapGet("/sessions/{id}/secrets", () => Results.Ok()).WithName("LeakSecrets");
            app.MapGet("/unnamed", () => Results.Ok());

            var failure = await Should.ThrowAsync<InvalidOperationException>(() => app.StartAsync());

            failure.Message.ShouldContain("LeakSecrets");
            failure.Message.ShouldContain("/unnamed");
            failure.Message.ShouldContain("RouteScopes.cs");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void Every_route_in_the_table_requires_a_known_scope()
    {
        RouteScopes.Required.Values.ShouldAllBe(scope => Scopes.All.Contains(scope));
        RouteScopes.Required.Keys.Intersect(RouteScopes.Anonymous).ShouldBeEmpty();
    }
}
