using System.Net;
using Beach.Actors.Agents;
using Beach.Actors.Audit;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Gateway.Tests;

public sealed class AgentLifecycleTests
{
    private static readonly string[] s_commands = ["register", "start", "stop", "fail", "retire"];

    [Fact]
    public async Task Every_allowed_edge_moves_the_agent_and_is_audited_before_the_answer()
    {
        await using var host = await AgentHost.StartAsync(new ManualTimeProvider());
        var id = await host.Api.RegisterIdAsync();
        (string Command, string To)[] path =
        [
            ("start", "running"), ("stop", "stopped"), ("start", "running"), ("fail", "failed"), ("start", "running"), ("retire", "retired"),
        ];

        foreach (var (command, to) in path)
        {
            var reply = await host.Api.CommandAsync(id, command, reason: $"test {command}");
            reply.Status.ShouldBe(HttpStatusCode.OK, $"{command}: {reply.Json}");
            reply.Str("status").ShouldBe(to);
        }

        var records = await host.Services.GetRequiredService<IAuditLog>().ReadStreamAsync("dev", $"agent/{id}", 0, 100);
        records.Select(r => r.Kind).ShouldBe(["registered", .. path.Select(_ => "transition")]);
        records[^1].Data.ShouldContain("\"from\":\"running\"");
        records[^1].Data.ShouldContain("\"to\":\"retired\"");
        records[^1].Data.ShouldContain("test retire");
    }

    [Theory]
    [InlineData("registered")]
    [InlineData("running")]
    [InlineData("stopped")]
    [InlineData("failed")]
    public async Task Retire_is_allowed_from_each_state(string state)
    {
        await using var host = await AgentHost.StartAsync(new ManualTimeProvider());
        var id = await ReachAsync(host, state);

        var retired = await host.Api.CommandAsync(id, "retire");

        retired.Status.ShouldBe(HttpStatusCode.OK);
        retired.Str("status").ShouldBe("retired");
        retired.Json.GetProperty("allowed_commands").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("registered")]
    [InlineData("running")]
    [InlineData("stopped")]
    [InlineData("failed")]
    [InlineData("retired")]
    public async Task Every_refused_edge_answers_409_naming_the_allowed_commands(string state)
    {
        await using var host = await AgentHost.StartAsync(new ManualTimeProvider());
        var id = await ReachAsync(host, state);
        var status = Enum.Parse<AgentStatus>(state, ignoreCase: true);
        var allowed = AgentLifecycle.Allowed(status).Select(AgentLifecycle.Name).ToArray();

        foreach (var command in s_commands.Except(allowed))
        {
            var refused = await host.Api.CommandAsync(id, command);

            refused.Status.ShouldBe(HttpStatusCode.Conflict, $"{state} + {command}");
            refused.ContentType.ShouldBe("application/problem+json");
            refused.Str("status").ShouldBe(state);
            refused.Str("command").ShouldBe(command);
            refused.Json.GetProperty("allowed_commands").EnumerateArray().Select(c => c.GetString()).ShouldBe(allowed);
        }

        (await host.Api.GetAsync(id)).Str("status").ShouldBe(state);
    }

    /// <summary>A registered agent brought to <paramref name="state"/> through the routes.</summary>
    internal static async Task<string> ReachAsync(AgentHost host, string state)
    {
        var id = await host.Api.RegisterIdAsync();
        string[] commands = state switch
        {
            "registered" => [],
            "running" => ["start"],
            "stopped" => ["start", "stop"],
            "failed" => ["start", "fail"],
            _ => ["retire"],
        };
        foreach (var command in commands)
        {
            (await host.Api.CommandAsync(id, command)).Status.ShouldBe(HttpStatusCode.OK);
        }

        return id;
    }
}
