using System.Net;
using System.Text;
using Beach.Actors.Gateway.Tests.Support;

namespace Beach.Actors.Gateway.Tests.Security;

/// <summary>A state-changing POST retried with the same Idempotency-Key has exactly one effect and one answer.</summary>
public sealed class IdempotencyTests
{
    private const string SESSION = "idem-1";

    [Fact]
    public async Task The_same_key_and_body_give_the_same_response_and_one_effect()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync(SESSION);

        var first = await PostAsync(host.Client.Http, LeasePath, Acquire("alice"), "key-1");
        var second = await PostAsync(host.Client.Http, LeasePath, Acquire("alice"), "key-1");

        first.Status.ShouldBe(HttpStatusCode.OK);
        second.Status.ShouldBe(first.Status);
        second.Body.ShouldBe(first.Body);
        second.ContentType.ShouldBe(first.ContentType);
        second.Replayed.ShouldBeTrue();
        first.Replayed.ShouldBeFalse();
        await ShouldHaveGrantsAsync(host, 1);
    }

    [Fact]
    public async Task The_same_key_with_another_body_gets_422_and_changes_nothing()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync(SESSION);
        (await PostAsync(host.Client.Http, LeasePath, Acquire("alice"), "key-1")).Status.ShouldBe(HttpStatusCode.OK);

        var reused = await PostAsync(host.Client.Http, LeasePath, Acquire("bob"), "key-1");

        reused.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        reused.ContentType.ShouldBe("application/problem+json");
        reused.Body.ShouldContain("key-1");
        await ShouldHaveGrantsAsync(host, 1);
    }

    [Fact]
    public async Task Ten_concurrent_posts_with_one_key_give_one_effect_and_ten_identical_responses()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync(SESSION);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => PostAsync(host.Client.Http, LeasePath, Acquire("alice"), "burst"))));

        answers.ShouldAllBe(answer => answer.Status == HttpStatusCode.OK);
        answers.Select(answer => answer.Body).Distinct().Count().ShouldBe(1);
        answers.Count(answer => !answer.Replayed).ShouldBe(1, "one request ran; nine replayed its answer");
        await ShouldHaveGrantsAsync(host, 1);
    }

    [Fact]
    public async Task A_stored_answer_survives_a_restart_of_the_node()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync(SESSION);
        var first = await PostAsync(host.Client.Http, LeasePath, Acquire("alice"), "key-restart");

        await host.RestartAsync();
        var again = await PostAsync(host.Client.Http, LeasePath, Acquire("alice"), "key-restart");

        again.Status.ShouldBe(HttpStatusCode.OK);
        again.Body.ShouldBe(first.Body);
        again.Replayed.ShouldBeTrue();
        await ShouldHaveGrantsAsync(host, 1);
    }

    [Fact]
    public async Task A_stored_answer_expires_after_the_retention_and_the_key_runs_again()
    {
        var clock = new Testing.ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock);
        await host.Client.RegisterSessionAsync(SESSION);
        var first = await PostAsync(host.Client.Http, LeasePath, Acquire("alice"), "key-expiry");
        (await host.Client.ReleaseAsync(SESSION, System.Text.Json.JsonDocument.Parse(first.Body).RootElement.GetProperty("lease_id").GetString()!)).Status.ShouldBe(HttpStatusCode.NoContent);

        clock.Advance(Idempotency.IdempotencyOptions.DEFAULT_RETENTION - TimeSpan.FromMinutes(1));
        (await PostAsync(host.Client.Http, LeasePath, Acquire("alice"), "key-expiry")).Replayed.ShouldBeTrue("kept for 24 h");
        clock.Advance(TimeSpan.FromMinutes(1));
        var after = await PostAsync(host.Client.Http, LeasePath, Acquire("alice"), "key-expiry");

        after.Status.ShouldBe(HttpStatusCode.OK);
        after.Replayed.ShouldBeFalse();
        await ShouldHaveGrantsAsync(host, 2);
    }

    [Fact]
    public async Task A_replayed_registration_keeps_its_status_and_location()
    {
        await using var host = await GatewayHost.StartAsync();
        var body = """{"session_id":"idem-2","harness_id":"h1","harness_type":"terminal_shim","capabilities":[],"metadata":{}}""";

        var first = await PostAsync(host.Client.Http, "/sessions/register", body, "register-1");
        var second = await PostAsync(host.Client.Http, "/sessions/register", body, "register-1");

        first.Status.ShouldBe(HttpStatusCode.Created);
        second.Status.ShouldBe(HttpStatusCode.Created);
        second.Location.ShouldBe(first.Location);
        second.Body.ShouldBe(first.Body);
    }

    [Fact]
    public async Task An_error_answer_is_stored_and_replayed_too()
    {
        await using var host = await GatewayHost.StartAsync();

        // No session yet: 404. Registering it afterwards does not turn the retry into a grant.
        var first = await PostAsync(host.Client.Http, LeasePath, Acquire("alice"), "key-404");
        await host.Client.RegisterSessionAsync(SESSION);
        var again = await PostAsync(host.Client.Http, LeasePath, Acquire("alice"), "key-404");

        first.Status.ShouldBe(HttpStatusCode.NotFound);
        again.Status.ShouldBe(HttpStatusCode.NotFound);
        again.Body.ShouldBe(first.Body);
        await ShouldHaveGrantsAsync(host, 0);
    }

    [Fact]
    public async Task Keys_belong_to_their_tenant()
    {
        await using var host = await GatewayHost.StartAsync();
        var other = host.ClientFor(host.MintToken(tenant: "other"));
        await host.Client.RegisterSessionAsync(SESSION);
        await other.RegisterSessionAsync(SESSION);

        var mine = await PostAsync(host.Client.Http, LeasePath, Acquire("alice"), "shared-key");
        var theirs = await PostAsync(other.Http, LeasePath, Acquire("alice"), "shared-key");

        theirs.Status.ShouldBe(HttpStatusCode.OK);
        theirs.Replayed.ShouldBeFalse();
        theirs.Body.ShouldNotBe(mine.Body);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(0)]
    public async Task A_key_that_is_too_long_or_empty_gets_400(int length)
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync(SESSION);

        var answer = await PostAsync(host.Client.Http, LeasePath, Acquire("alice"), new string('k', length));

        answer.Status.ShouldBe(HttpStatusCode.BadRequest);
        answer.Body.ShouldContain("255");
        await ShouldHaveGrantsAsync(host, 0);
    }

    private static string LeasePath => $"/sessions/{SESSION}/controller/lease";

    private static string Acquire(string controller) => $$"""{"controller_id":"{{controller}}","ttl_ms":60000}""";

    private static async Task ShouldHaveGrantsAsync(GatewayHost host, int grants)
        => (await host.Client.GetControllerEventsAsync(SESSION)).Body.Events.Count(e => e.Kind == "granted").ShouldBe(grants);

    private static async Task<Answer> PostAsync(HttpClient http, string path, string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        return new Answer(
            response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.Location?.ToString(),
            response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Single() == "true",
            await response.Content.ReadAsStringAsync());
    }

    private sealed record Answer(HttpStatusCode Status, string? ContentType, string? Location, bool Replayed, string Body);
}
