using System.Net;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Testing;

namespace Beach.Actors.Gateway.Tests;

public sealed class AgentDurabilityTests
{
    [Fact]
    public async Task After_a_restart_the_agent_its_state_config_history_and_the_registry_are_as_acknowledged()
    {
        var clock = new ManualTimeProvider();
        await using var host = await AgentHost.StartAsync(clock);
        var running = await host.Api.RegisterIdAsync(AgentApi.Manifest(name: "Runner"));
        var stopped = await host.Api.RegisterIdAsync(AgentApi.Manifest(name: "Stopper"));
        var deleted = await host.Api.RegisterIdAsync(AgentApi.Manifest(name: "Gone"));
        await host.Api.CommandAsync(running, "start");
        await host.Api.CommandAsync(stopped, "start");
        await host.Api.CommandAsync(stopped, "stop");
        await host.Api.SendAsync(HttpMethod.Delete, $"/agents/{deleted}");
        await host.Api.SendAsync(HttpMethod.Put, $"/agents/{running}/config", new { Values = new { LogLevel = "WARNING" }, Reason = "quieter" });

        await host.RestartAsync();

        (await host.Api.GetAsync(running)).Str("status").ShouldBe("running");
        (await host.Api.GetAsync(stopped)).Str("status").ShouldBe("stopped");
        (await host.Api.GetAsync(deleted)).Status.ShouldBe(HttpStatusCode.NotFound);
        var config = await host.Api.SendAsync(HttpMethod.Get, $"/agents/{running}/config");
        config.Json.GetProperty("version").GetInt32().ShouldBe(2);
        config.Json.GetProperty("values").GetProperty("log_level").GetProperty("origin").GetString().ShouldBe("stored");
        var list = await host.Api.ListAsync();
        list.Json.GetProperty("total").GetInt32().ShouldBe(2);
        (await host.Api.ListAsync("?status=stopped")).Json.GetProperty("agents")[0].GetProperty("agent_id").GetString().ShouldBe(stopped);
        (await host.Api.RegisterAsync(AgentApi.Manifest(name: "Runner"))).Status.ShouldBe(HttpStatusCode.Conflict);

        // The missed-beat watch resumes on the new activation: silence past the window fails the agent.
        clock.Advance(TimeSpan.FromSeconds(90));
        (await host.Api.HealthAsync(running)).Str("status").ShouldBe("running");
        clock.Advance(TimeSpan.FromSeconds(1));
        (await host.Api.HealthAsync(running)).Str("status").ShouldBe("failed");
    }
}
