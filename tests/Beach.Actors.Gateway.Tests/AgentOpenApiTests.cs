using System.Net;
using System.Text.Json;
using Beach.Actors.Gateway.Tests.Support;

namespace Beach.Actors.Gateway.Tests;

public sealed class AgentOpenApiTests(SharedGatewayHost shared) : IClassFixture<SharedGatewayHost>
{
    public static TheoryData<string, string> Routes => new()
    {
        { "/agents", "post" },
        { "/agents", "get" },
        { "/agents/{id}", "get" },
        { "/agents/{id}", "put" },
        { "/agents/{id}", "delete" },
        { "/agents/{id}/start", "post" },
        { "/agents/{id}/retire", "post" },
        { "/agents/{id}/heartbeat", "post" },
        { "/agents/{id}/health", "get" },
        { "/agents/{id}/config", "put" },
        { "/agents/{id}/config/history", "get" },
        { "/agents/{id}/config/rollback", "post" },
        { "/agents/{id}/logs", "get" },
        { "/agents/{id}/metrics", "post" },
        { "/agents/discovery/report", "get" },
        { "/agents/discovery-tokens", "post" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task The_openapi_document_lists_the_agent_route(string path, string method)
    {
        using var response = await shared.Host.Http.GetAsync("/openapi/v1.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        document.RootElement.GetProperty("paths").TryGetProperty(path, out var operations).ShouldBeTrue($"the document lists no '{path}'");
        operations.TryGetProperty(method, out _).ShouldBeTrue($"'{path}' lists no {method}");
    }
}
