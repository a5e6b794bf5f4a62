using System.Net;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Sessions;
using Beach.Actors.Testing;

namespace Beach.Actors.Gateway.Tests;

public sealed class SessionTests
{
    [Fact]
    public async Task Register_then_get_returns_what_the_harness_registered()
    {
        await using var host = await GatewayHost.StartAsync();

        var registered = await host.Client.RegisterAsync(new
        {
            SessionId = "term-1",
            HarnessId = "shim-7",
            HarnessType = "terminal_shim",
            Capabilities = new[] { "terminal_semantic_v1", "pty" },
            Metadata = new { Cols = 80 },
        });

        registered.Status.ShouldBe(HttpStatusCode.Created);
        var read = await host.Client.GetSessionAsync("term-1");
        read.Status.ShouldBe(HttpStatusCode.OK);
        var session = read.Body;
        session.SessionId.ShouldBe("term-1");
        session.HarnessId.ShouldBe("shim-7");
        session.HarnessType.ShouldBe("terminal_shim");
        session.Capabilities.ShouldBe(["terminal_semantic_v1", "pty"]);
        session.Metadata.GetProperty("cols").GetInt32().ShouldBe(80);
        session.Status.ShouldBe("registered");
        session.LastHeartbeatAt.ShouldBeNull();
    }

    [Fact]
    public async Task Status_goes_registered_then_active_on_heartbeat_then_stale_past_the_deadline()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock);
        await host.Client.RegisterSessionAsync("term-1");
        (await host.Client.GetSessionAsync("term-1")).Body.Status.ShouldBe("registered");

        var beat = await host.Client.HeartbeatAsync("term-1", "ok");

        beat.Status.ShouldBe(HttpStatusCode.OK);
        beat.Body.Status.ShouldBe("active");
        beat.Body.HarnessHealth.ShouldBe("ok");
        beat.Body.LastHeartbeatAt.ShouldBe(clock.GetUtcNow());

        clock.Advance(TimeSpan.FromSeconds(SessionOptions.DEFAULT_HEARTBEAT_DEADLINE_SECONDS));
        (await host.Client.GetSessionAsync("term-1")).Body.Status.ShouldBe("active");

        clock.Advance(TimeSpan.FromSeconds(1));
        (await host.Client.GetSessionAsync("term-1")).Body.Status.ShouldBe("stale");

        (await host.Client.HeartbeatAsync("term-1")).Body.Status.ShouldBe("active");
    }

    [Fact]
    public async Task Register_of_a_taken_session_id_by_another_harness_returns_conflict()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync("term-1", harnessId: "shim-a");

        var second = await host.Client.RegisterAsync(new { SessionId = "term-1", HarnessId = "shim-b", HarnessType = "terminal_shim" });

        second.Status.ShouldBe(HttpStatusCode.Conflict);
        second.ContentType.ShouldBe("application/problem+json");
        second.ProblemBody.GetProperty("harness_id").GetString().ShouldBe("shim-a");
        (await host.Client.GetSessionAsync("term-1")).Body.HarnessId.ShouldBe("shim-a");
    }

    [Fact]
    public async Task Register_again_by_the_same_harness_updates_the_session()
    {
        await using var host = await GatewayHost.StartAsync();
        var first = await host.Client.RegisterSessionAsync("term-1", harnessId: "shim-a");

        var again = await host.Client.RegisterAsync(new { SessionId = "term-1", HarnessId = "shim-a", HarnessType = "cabana", Capabilities = new[] { "gui" } });

        again.Status.ShouldBe(HttpStatusCode.Created);
        again.Body.HarnessType.ShouldBe("cabana");
        again.Body.Capabilities.ShouldBe(["gui"]);
        again.Body.RegisteredAt.ShouldBe(first.RegisteredAt);
    }

    [Fact]
    public async Task Register_without_a_session_id_generates_one_that_can_be_read()
    {
        await using var host = await GatewayHost.StartAsync();

        var response = await host.Client.RegisterAsync(new { HarnessId = "shim-a", HarnessType = "terminal_shim" });

        response.Status.ShouldBe(HttpStatusCode.Created);
        var sessionId = response.Body.SessionId;
        Guid.TryParse(sessionId, out _).ShouldBeTrue();
        SessionKey.IsValidSessionId(sessionId).ShouldBeTrue();
        (await host.Client.GetSessionAsync(sessionId)).Body.HarnessId.ShouldBe("shim-a");
    }

    [Fact]
    public async Task Heartbeat_and_get_of_an_unknown_session_return_not_found()
    {
        await using var host = await GatewayHost.StartAsync();

        var get = await host.Client.GetSessionAsync("nobody");
        var beat = await host.Client.HeartbeatAsync("nobody", "ok");

        get.Status.ShouldBe(HttpStatusCode.NotFound);
        get.ContentType.ShouldBe("application/problem+json");
        beat.Status.ShouldBe(HttpStatusCode.NotFound);
        beat.ProblemBody.GetProperty("detail").GetString()!.ShouldContain("nobody");
        (await host.Client.GetSessionAsync("nobody")).Status.ShouldBe(HttpStatusCode.NotFound);
    }
}
