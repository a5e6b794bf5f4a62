using System.Net;
using System.Text;
using System.Text.Json;
using Beach.Actors.Gateway.Tests.Support;

namespace Beach.Actors.Gateway.Tests.Security;

/// <summary>
/// No token of one tenant reads or changes anything of another. The test walks the OpenAPI document, so a route added
/// later is called too without anyone remembering to add it here.
/// </summary>
public sealed class TenantIsolationTests
{
    private const string SESSION = "iso-1";
    private const string HARNESS = "harness-of-a";

    [Fact]
    public async Task Every_route_called_with_another_tenants_token_sees_nothing_and_changes_nothing()
    {
        await using var host = await GatewayHost.StartAsync();
        var a = host.Client;
        await a.RegisterSessionAsync(SESSION, HARNESS);
        (await a.HeartbeatAsync(SESSION, "ok")).Status.ShouldBe(HttpStatusCode.OK);
        var lease = (await a.AcquireAsync(SESSION, "alice", 600_000)).Body;
        var sessionBefore = (await a.GetSessionAsync(SESSION)).Body;
        var eventsBefore = await a.Http.GetStringAsync($"/sessions/{SESSION}/controller-events");

        // An admin of another tenant: every scope, the wrong tenant.
        var intruder = host.ClientFor(host.MintToken(tenant: "intruder", subject: "mallory")).Http;
        var operations = await OperationsAsync(host);
        operations.Count.ShouldBeGreaterThanOrEqualTo(6, "the walk found the document's routes");

        foreach (var (method, template) in operations)
        {
            var path = Fill(template) + $"?lease_id={Uri.EscapeDataString(lease.LeaseId)}&after=0";
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path);
            if (method is "post" or "put" or "patch")
            {
                request.Content = new StringContent(Body(lease.LeaseId), Encoding.UTF8, "application/json");
            }

            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            using var response = await intruder.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            var what = $"{method.ToUpperInvariant()} {template} with another tenant's token";
            ((int)response.StatusCode).ShouldBeLessThan(500, what);
            if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
            {
                continue;
            }

            var body = await response.Content.ReadAsStringAsync(cancel.Token);
            body.ShouldNotContain(lease.LeaseId, Case.Sensitive, $"{what} leaked tenant A's lease");
            body.ShouldNotContain(HARNESS, Case.Sensitive, $"{what} leaked tenant A's session");
            if (template.Contains("{id}", StringComparison.Ordinal) && method == "get" && response.IsSuccessStatusCode)
            {
                IsEmptyResult(body).ShouldBeTrue($"{what} answered {(int)response.StatusCode} with {body}; expected 404 or an empty result");
            }
        }

        var sessionAfter = (await a.GetSessionAsync(SESSION)).Body;
        sessionAfter.HarnessId.ShouldBe(sessionBefore.HarnessId);
        sessionAfter.RegisteredAt.ShouldBe(sessionBefore.RegisteredAt);
        sessionAfter.LastHeartbeatAt.ShouldBe(sessionBefore.LastHeartbeatAt);
        sessionAfter.HarnessHealth.ShouldBe(sessionBefore.HarnessHealth);
        (await a.Http.GetStringAsync($"/sessions/{SESSION}/controller-events")).ShouldBe(eventsBefore, "tenant A's controller events are untouched");
        var renewed = await a.RenewAsync(SESSION, lease.LeaseId, 600_000);
        renewed.Status.ShouldBe(HttpStatusCode.OK, "tenant A's lease is still the current one");
        renewed.Body.FencingToken.ShouldBe(lease.FencingToken);
    }

    [Fact]
    public async Task Another_tenant_gets_404_for_a_session_and_registers_its_own_under_the_same_id()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync(SESSION, HARNESS);
        var intruder = host.ClientFor(host.MintToken(tenant: "intruder", subject: "mallory"));

        (await intruder.GetSessionAsync(SESSION)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.AcquireAsync(SESSION, "mallory", 30_000)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await intruder.RegisterSessionAsync(SESSION, "harness-of-b")).HarnessId.ShouldBe("harness-of-b");

        (await host.Client.GetSessionAsync(SESSION)).Body.HarnessId.ShouldBe(HARNESS);
        (await intruder.GetSessionAsync(SESSION)).Body.HarnessId.ShouldBe("harness-of-b");
    }

    /// <summary>Every operation of the document that needs a token, routes naming a session first.</summary>
    private static async Task<List<(string Method, string Path)>> OperationsAsync(GatewayHost host)
    {
        using var document = JsonDocument.Parse(await host.ClientFor(null).Http.GetStringAsync("/openapi/v1.json"));
        var operations = new List<(string Method, string Path)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            if (path.Name is "/healthz" or "/readyz")
            {
                continue;
            }

            foreach (var operation in path.Value.EnumerateObject())
            {
                if (operation.Name is "get" or "post" or "put" or "patch" or "delete")
                {
                    operations.Add((operation.Name, path.Name));
                }
            }
        }

        return [.. operations.OrderBy(o => o.Path.Contains('{', StringComparison.Ordinal) ? 0 : 1).ThenBy(o => o.Path, StringComparer.Ordinal)];
    }

    private static string Fill(string template)
    {
        var path = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '{')
            {
                path.Append(template[i]);
                continue;
            }

            var end = template.IndexOf('}', i);
            path.Append(template[(i + 1)..end] == "id" ? SESSION : "x");
            i = end;
        }

        return path.ToString();
    }

    /// <summary>A body with every field the routes take, aimed at tenant A's session and lease.</summary>
    private static string Body(string leaseId) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["session_id"] = SESSION,
        ["harness_id"] = "harness-of-b",
        ["harness_type"] = "terminal_shim",
        ["capabilities"] = Array.Empty<string>(),
        ["metadata"] = new Dictionary<string, object>(),
        ["status"] = "ok",
        ["controller_id"] = "mallory",
        ["lease_id"] = leaseId,
        ["ttl_ms"] = 30_000,
    });

    /// <summary>An answer that carries nothing: no body, an empty array, or an object whose arrays are all empty.</summary>
    private static bool IsEmptyResult(string body)
    {
        if (body.Length == 0)
        {
            return true;
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.ValueKind switch
        {
            JsonValueKind.Array => json.RootElement.GetArrayLength() == 0,
            JsonValueKind.Object => json.RootElement.EnumerateObject().All(p => p.Value.ValueKind != JsonValueKind.Array || p.Value.GetArrayLength() == 0)
                                    && json.RootElement.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.Array),
            _ => false,
        };
    }
}
