using System.Net;
using System.Text.Json;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Testing;

namespace Beach.Actors.Gateway.Tests;

public sealed class AgentDiscoveryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("beach-agent-manifests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_folder_of_good_malformed_and_duplicate_manifests_gives_the_right_agents_and_a_rejection_report()
    {
        Write("pong/agent.yaml", """
            name: PongCoordinator
            version: 1.2.0
            type: pong
            description: Coordinates the pong demo
            subscribed_topics: [sessions.pong.*, logs.>]
            findings_topic: findings.pong
            capabilities: [beach_state, beach_action]
            config_schema:
              properties:
                paddle_speed: {type: integer, minimum: 1, maximum: 10, default: 5}
            """);
        Write("security/.env.discovery", """
            # the seed's example
            AGENT_NAME=SecurityAgent
            AGENT_VERSION=1.0.0
            AGENT_DESCRIPTION=Security monitoring agent
            DEFAULT_SUBSCRIBED_TOPICS=logs.security,logs.auth
            DEFAULT_FINDINGS_TOPIC=findings.security
            """);
        Write("broken/agent.yaml", "name: [unclosed\nversion: 1.0.0\n");
        Write("invalid/agent.yaml", "name: Bad Agent\nversion: \"1.0\"\ntype: bad\nsubscribed_topics: [\"logs..x\"]\n");
        Write("zz-copy/agent.yaml", "name: PongCoordinator\nversion: 1.2.0\ntype: pong\n");
        Write("envbroken/.env.discovery", "AGENT_NAME=Half\nthis line has no equals sign\n");
        Write("ignored/README.md", "not a manifest");

        await using var host = await AgentHost.StartAsync(new ManualTimeProvider(), ("Agents:Discovery:Folder", _folder));
        var report = await host.Api.SendAsync(HttpMethod.Get, "/agents/discovery/report");

        report.Status.ShouldBe(HttpStatusCode.OK);
        Paths(report.Json.GetProperty("registered")).ShouldBe(["pong/agent.yaml", "security/.env.discovery"]);
        var rejected = report.Json.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("path").GetString()!, r => r.GetProperty("reasons"));
        rejected.Keys.Order(StringComparer.Ordinal).ShouldBe(["broken/agent.yaml", "envbroken/.env.discovery", "invalid/agent.yaml", "zz-copy/agent.yaml"]);
        rejected["broken/agent.yaml"].GetProperty("manifest").GetString()!.ShouldContain("not valid YAML");
        rejected["zz-copy/agent.yaml"].GetProperty("name").GetString()!.ShouldContain("declared already by pong/agent.yaml");
        rejected["envbroken/.env.discovery"].GetProperty("line 2").GetString()!.ShouldContain("KEY=VALUE");
        var invalid = rejected["invalid/agent.yaml"];
        invalid.GetProperty("name").GetString()!.ShouldContain("start with a letter");
        invalid.GetProperty("version").GetString()!.ShouldContain("semantic version");
        invalid.GetProperty("subscribed_topics[0]").GetString()!.ShouldContain("dot-separated");

        var discovered = await host.Api.ListAsync("?status=discovered");
        var agents = discovered.Json.GetProperty("agents").EnumerateArray().ToList();
        agents.Select(a => a.GetProperty("name").GetString()).Order(StringComparer.Ordinal).ShouldBe(["PongCoordinator", "SecurityAgent"]);
        var security = agents.Single(a => a.GetProperty("name").GetString() == "SecurityAgent");
        security.GetProperty("type").GetString().ShouldBe("security");
        security.GetProperty("manifest_path").GetString().ShouldBe("security/.env.discovery");
        var pongId = agents.Single(a => a.GetProperty("name").GetString() == "PongCoordinator").GetProperty("agent_id").GetString()!;
        var pong = await host.Api.GetAsync(pongId);
        pong.Json.GetProperty("subscribed_topics").EnumerateArray().Select(t => t.GetString()).ShouldBe(["sessions.pong.*", "logs.>"]);
        (await host.Api.SendAsync(HttpMethod.Get, $"/agents/{pongId}/config")).Json.GetProperty("values").GetProperty("paddle_speed").GetProperty("value").GetInt32().ShouldBe(5);

        // Discovered → Registered, and nothing else from Discovered but retire.
        (await host.Api.CommandAsync(pongId, "start")).Json.GetProperty("allowed_commands").EnumerateArray().Select(c => c.GetString()).ShouldBe(["register", "retire"]);
        (await host.Api.CommandAsync(pongId, "register")).Str("status").ShouldBe("registered");
    }

    [Fact]
    public async Task A_rescan_registers_new_manifests_and_leaves_known_ones_unchanged()
    {
        Write("a/agent.yaml", "name: AlphaAgent\nversion: 0.1.0\ntype: alpha\n");
        await using var host = await AgentHost.StartAsync(new ManualTimeProvider(), ("Agents:Discovery:Folder", _folder));
        Write("b/agent.yml", "name: BetaAgent\nversion: 0.1.0\ntype: beta\n");

        var rescan = await host.Api.SendAsync(HttpMethod.Post, "/agents/discovery/scan");

        // The file watcher may have rescanned first and registered b already; either way b is known once and a is unchanged.
        rescan.Status.ShouldBe(HttpStatusCode.OK);
        Paths(rescan.Json.GetProperty("registered")).Concat(Paths(rescan.Json.GetProperty("unchanged"))).Order(StringComparer.Ordinal).ShouldBe(["a/agent.yaml", "b/agent.yml"]);
        Paths(rescan.Json.GetProperty("unchanged")).ShouldContain("a/agent.yaml");
        rescan.Json.GetProperty("scan").GetInt64().ShouldBeGreaterThanOrEqualTo(2);
        var agents = (await host.Api.ListAsync()).Json;
        agents.GetProperty("total").GetInt32().ShouldBe(2);
        agents.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("manifest_path").GetString()).Order(StringComparer.Ordinal).ShouldBe(["a/agent.yaml", "b/agent.yml"]);
    }

    [Fact]
    public async Task Without_a_folder_there_is_no_report_and_no_scan()
    {
        await using var host = await AgentHost.StartAsync(new ManualTimeProvider());

        var report = await host.Api.SendAsync(HttpMethod.Get, "/agents/discovery/report");
        var scan = await host.Api.SendAsync(HttpMethod.Post, "/agents/discovery/scan");

        report.Status.ShouldBe(HttpStatusCode.NotFound);
        report.Str("detail").ShouldContain("Agents:Discovery:Folder");
        scan.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    private static List<string> Paths(JsonElement list) => [.. list.EnumerateArray().Select(e => e.GetProperty("path").GetString()!).Order(StringComparer.Ordinal)];

    private void Write(string path, string text)
    {
        var full = Path.Combine(_folder, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
