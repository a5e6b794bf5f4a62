using System.Net;
using System.Text;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Testing.Http;

namespace Beach.Actors.Gateway.Tests;

/// <summary>
/// Every way a request can be wrong gets a 4xx problem document that says what to fix, and changes nothing: the
/// session's controller events are the same afterwards, and a session named only in a bad request never appears.
/// </summary>
public sealed class BadInputTests(SharedGatewayHost shared) : IClassFixture<SharedGatewayHost>
{
    private const string LEASE = "POST /sessions/" + SharedGatewayHost.SESSION_ID + "/controller/lease";
    private const string REGISTER = "POST /sessions/register";
    private const string FRESH_SESSION = "fresh-1";
    private const string JSON = "application/json";
    private const string OVER_ONE_MIB = "<a JSON body over 1 MiB>";
    private const string PROBLEM = "urn:beach-actors:problem:";

    public static TheoryData<string, string, string, int, string, string?> Cases => new()
    {
        // route, content type, body, status, problem type, the field the problem must name
        { LEASE, JSON, """{"controller_id": "ctl-b", "ttl_ms": """, 400, "malformed-json", null },
        { LEASE, JSON, """{"controller_id": "ctl-b" "ttl_ms": 1000}""", 400, "malformed-json", null },
        { LEASE, JSON, "null", 400, "malformed-json", null },
        { LEASE, JSON, """{"ttl_ms": 1000}""", 400, "validation", "controller_id" },
        { LEASE, JSON, """{"controller_id": "ctl-b"}""", 400, "validation", "ttl_ms" },
        { LEASE, JSON, """{"controller_id": "ctl-b", "ttl_ms": "abc"}""", 400, "validation", "ttl_ms" },
        { LEASE, JSON, """{"controller_id": "ctl-b", "ttl_ms": 0}""", 400, "validation", "ttl_ms" },
        { LEASE, JSON, """{"controller_id": "ctl-b", "ttl_ms": -5}""", 400, "validation", "ttl_ms" },
        { LEASE, JSON, """{"controller_id": "ctl-b", "ttl_ms": 99}""", 400, "validation", "ttl_ms" },
        { LEASE, JSON, """{"controller_id": "ctl-b", "ttl_ms": 600001}""", 400, "validation", "ttl_ms" },
        { LEASE, JSON, """{"controller_id": "  ", "ttl_ms": 1000}""", 400, "validation", "controller_id" },
        { LEASE, JSON, OVER_ONE_MIB, 413, "body-too-large", null },
        { LEASE, "text/plain", """{"controller_id": "ctl-b", "ttl_ms": 1000}""", 415, "unsupported-media-type", null },
        { "POST /sessions/nobody/controller/lease", JSON, """{"controller_id": "ctl-b", "ttl_ms": 1000}""", 404, "session-not-found", null },
        { "POST /sessions/bad!id/controller/lease", JSON, """{"controller_id": "ctl-b", "ttl_ms": 1000}""", 400, "validation", "id" },
        { "DELETE /sessions/" + SharedGatewayHost.SESSION_ID + "/controller/lease", JSON, "", 400, "validation", "lease_id" },
        { REGISTER, JSON, """{"session_id": "fresh-1", "harness_id": """, 400, "malformed-json", null },
        { REGISTER, JSON, """{"session_id": "fresh-1", "harness_type": "terminal_shim"}""", 400, "validation", "harness_id" },
        { REGISTER, JSON, """{"session_id": "fresh-1", "harness_id": "shim-a"}""", 400, "validation", "harness_type" },
        { REGISTER, JSON, """{"session_id": "fresh-1", "harness_id": "shim-a", "harness_type": "t", "capabilities": "x"}""", 400, "validation", "capabilities" },
        { REGISTER, JSON, """{"session_id": "fresh-1", "harness_id": "shim-a", "harness_type": "t", "metadata": [1]}""", 400, "validation", "metadata" },
        { REGISTER, JSON, """{"session_id": "bad id", "harness_id": "shim-a", "harness_type": "t"}""", 400, "validation", "session_id" },
        { REGISTER, JSON, OVER_ONE_MIB, 413, "body-too-large", null },
        { REGISTER, "text/plain", """{"session_id": "fresh-1", "harness_id": "shim-a", "harness_type": "t"}""", 415, "unsupported-media-type", null },
        { "GET /sessions/bad!id", JSON, "", 400, "validation", "id" },
        { "GET /sessions/" + new string('x', 129), JSON, "", 400, "validation", "id" },
        { "GET /sessions/bad!id/controller-events", JSON, "", 400, "validation", "id" },
        { "GET /sessions/" + SharedGatewayHost.SESSION_ID + "/controller-events?limit=0", JSON, "", 400, "validation", "limit" },
        { "GET /sessions/" + SharedGatewayHost.SESSION_ID + "/controller-events?after=-1", JSON, "", 400, "validation", "after" },
        { "GET /no/such/route", JSON, "", 404, "not-found", null },
        { "POST /sessions/nobody/health", JSON, """{"status": "ok"}""", 404, "session-not-found", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_answered_with_a_problem_naming_it_and_changes_nothing(
        string route, string contentType, string body, int status, string problemType, string? field)
    {
        var eventsBefore = await shared.Client.ReadAllControllerEventsAsync(SharedGatewayHost.SESSION_ID);

        var response = await SendAsync(route, contentType, body);

        response.Status.ShouldBe((HttpStatusCode)status);
        response.ContentType.ShouldBe("application/problem+json");
        var problem = response.ProblemBody;
        problem.GetProperty("type").GetString().ShouldBe(PROBLEM + problemType);
        problem.GetProperty("status").GetInt32().ShouldBe(status);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
        if (field is not null)
        {
            var errors = problem.GetProperty("errors");
            errors.TryGetProperty(field, out var messages).ShouldBeTrue($"errors should name '{field}': {errors}");
            messages.EnumerateArray().ShouldNotBeEmpty();
            problem.GetProperty("detail").GetString()!.ShouldContain(field);
        }

        (await shared.Client.ReadAllControllerEventsAsync(SharedGatewayHost.SESSION_ID)).ShouldBe(eventsBefore);
        (await shared.Client.GetSessionAsync(FRESH_SESSION)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await shared.Client.GetControllerEventsAsync(FRESH_SESSION)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await shared.Client.GetControllerEventsAsync("nobody")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_type_names_the_field_and_the_type_expected()
    {
        var ttl = await SendAsync(LEASE, JSON, """{"controller_id": "ctl-b", "ttl_ms": "abc"}""");
        var capabilities = await SendAsync(REGISTER, JSON, """{"harness_id": "shim-a", "harness_type": "t", "capabilities": "x"}""");

        ttl.ProblemBody.GetProperty("errors").GetProperty("ttl_ms")[0].GetString().ShouldBe("must be an integer.");
        capabilities.ProblemBody.GetProperty("errors").GetProperty("capabilities")[0].GetString().ShouldBe("must be an array of strings.");
    }

    [Theory]
    [InlineData("GET", "/no/such/route", 404, "/no/such/route")]
    [InlineData("PUT", "/sessions/register", 405, "PUT")]
    [InlineData("GET", "/sessions/nobody", 404, "'nobody'")]
    public async Task An_error_is_problem_json_even_for_a_client_that_accepts_only_html(string method, string path, int status, string named)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await shared.Host.Http.SendAsync(request);

        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = (await ControlPlaneClient.ReadAsync<object>(response)).ProblemBody;
        problem.GetProperty("type").GetString()!.ShouldStartWith(PROBLEM);
        problem.GetProperty("detail").GetString()!.ShouldContain(named);
    }

    [Fact]
    public async Task Every_missing_field_is_named_at_once()
    {
        var response = await SendAsync(REGISTER, JSON, "{}");

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        var errors = response.ProblemBody.GetProperty("errors").EnumerateObject().Select(p => p.Name);
        errors.ShouldBe(["harness_id", "harness_type"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_body_exactly_at_the_limit_is_read_not_refused()
    {
        var response = await SendAsync(LEASE, JSON, PaddedLeaseBody(GatewayOptions.DEFAULT_MAX_REQUEST_BODY_BYTES));

        // The padding makes controller_id too long, which proves the body was read rather than refused as too large.
        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.ProblemBody.GetProperty("errors").TryGetProperty("controller_id", out _).ShouldBeTrue();
    }

    private async Task<ApiResponse<object>> SendAsync(string route, string contentType, string body)
    {
        var space = route.IndexOf(' ', StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(route[..space]), route[(space + 1)..]);
        if (body.Length > 0)
        {
            var text = body == OVER_ONE_MIB ? PaddedLeaseBody(GatewayOptions.DEFAULT_MAX_REQUEST_BODY_BYTES + 1) : body;
            request.Content = new StringContent(text, Encoding.UTF8);

            // As a careful client does: the server refuses a body over its limit and closes the connection, so
            // without waiting for "100 Continue" the client may still be writing and see a broken pipe, not the 413.
            request.Headers.ExpectContinue = body == OVER_ONE_MIB;
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType) { CharSet = contentType == JSON ? "utf-8" : null };
        }

        using var response = await shared.Host.Http.SendAsync(request);
        return await ControlPlaneClient.ReadAsync<object>(response);
    }

    /// <summary>A lease request of exactly <paramref name="bytes"/> bytes, padded inside controller_id.</summary>
    private static string PaddedLeaseBody(int bytes)
    {
        const string prefix = "{\"ttl_ms\": 1000, \"controller_id\": \"";
        const string suffix = "\"}";
        return prefix + new string('a', bytes - prefix.Length - suffix.Length) + suffix;
    }
}
