using System.Net;
using System.Text.Json;
using Beach.Actors.Gateway.Tests.Support;

namespace Beach.Actors.Gateway.Tests;

public sealed class OpenApiTests(SharedGatewayHost shared) : IClassFixture<SharedGatewayHost>
{
    public static TheoryData<string, string> Routes => new()
    {
        { "/sessions/register", "post" },
        { "/sessions/{id}", "get" },
        { "/sessions/{id}/health", "post" },
        { "/sessions/{id}/controller/lease", "post" },
        { "/sessions/{id}/controller/lease", "delete" },
        { "/sessions/{id}/controller-events", "get" },
        { "/healthz", "get" },
        { "/readyz", "get" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task The_openapi_document_lists_the_route(string path, string method)
    {
        using var response = await shared.Host.Http.GetAsync("/openapi/v1.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        paths.TryGetProperty(path, out var operations).ShouldBeTrue($"the document lists no '{path}'");
        operations.TryGetProperty(method, out _).ShouldBeTrue($"'{path}' lists no {method}");
    }

    [Fact]
    public async Task The_health_routes_answer_live_and_ready()
    {
        var live = await shared.Host.Http.GetStringAsync("/healthz");
        var ready = await shared.Host.Http.GetStringAsync("/readyz");

        JsonDocument.Parse(live).RootElement.GetProperty("status").GetString().ShouldBe("live");
        JsonDocument.Parse(ready).RootElement.GetProperty("status").GetString().ShouldBe("ready");
    }
}
