using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Beach.Actors.Cli.Tests;

/// <summary><c>beach agents …</c> against a real embedded node over HTTP.</summary>
public sealed class AgentCliTests : IAsyncLifetime
{
    private EmbeddedNode? _node;
    private string _admin = "";

    private EmbeddedNode Node => _node!;

    public async Task InitializeAsync()
    {
        _node = await EmbeddedNode.StartAsync();
        _admin = (await RunAsync("token", "mint", "--data", Node.DataDirectory, "--scope", "pb:admin")).Output.Trim();
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();

    [Fact]
    public async Task Agents_register_list_show_move_through_their_lifecycle_and_report_health_and_logs()
    {
        var registered = await AdminAsync("agents", "register", "--name", "SecurityAgent", "--version", "1.0.0", "--type", "security",
            "--description", "watches", "--topic", "logs.security", "--findings-topic", "findings.security", "--capability", "beach_state", "-o", "json");
        registered.ExitCode.ShouldBe(0, registered.Error);
        var id = Json(registered).GetProperty("agent_id").GetString()!;

        var list = await AdminAsync("agents", "list", "--type", "security");
        var show = await AdminAsync("agents", "show", id);
        var started = await AdminAsync("agents", "start", id, "--reason", "go", "-o", "json");
        await PostAsync($"/agents/{id}/logs", """{"entries":[{"level":"error","message":"disk full"},{"level":"info","message":"fine"}]}""");
        var health = await AdminAsync("agents", "health", id, "-o", "json");
        var logs = await AdminAsync("agents", "logs", id, "--level", "error", "-o", "json");
        var stopped = await AdminAsync("agents", "stop", id);
        var retired = await AdminAsync("agents", "retire", id);
        var refused = await AdminAsync("agents", "start", id);

        list.ExitCode.ShouldBe(0, list.Error);
        list.Output.ShouldContain("AGENT_ID");
        list.Output.ShouldContain(id);
        show.Output.ShouldContain("SecurityAgent");
        Json(started).GetProperty("status").GetString().ShouldBe("running");
        Json(health).GetProperty("status").GetString().ShouldBe("running");
        Json(logs).GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("message").GetString()).ShouldBe(["disk full"]);
        stopped.ExitCode.ShouldBe(0, stopped.Error);
        retired.ExitCode.ShouldBe(0, retired.Error);
        refused.ExitCode.ShouldBe(1);
        refused.Error.ShouldContain("409");
        refused.Error.ShouldContain("retired");
    }

    [Fact]
    public async Task Config_set_get_history_and_rollback()
    {
        var id = await RegisterAsync();

        var set = await AdminAsync("agents", "config", "set", id, "log_level=DEBUG", "heartbeat_interval=45", "--reason", "debugging");
        var setMore = await AdminAsync("agents", "config", "set", id, "metrics_enabled=false");
        var get = await AdminAsync("agents", "config", "get", id);
        var history = await AdminAsync("agents", "config", "history", id, "-o", "json");
        var rollback = await AdminAsync("agents", "config", "rollback", id, "--version", "1", "-o", "json");
        var after = await AdminAsync("agents", "config", "get", id, "-o", "json");
        var invalid = await AdminAsync("agents", "config", "set", id, "nonsense=1");

        set.ExitCode.ShouldBe(0, set.Error);
        setMore.ExitCode.ShouldBe(0, setMore.Error);
        get.Output.ShouldContain("KEY");
        get.Output.ShouldContain("log_level");
        get.Output.ShouldContain("DEBUG");
        get.Output.ShouldContain("stored");
        get.Output.ShouldContain("version: 3");
        var versions = Json(history).GetProperty("versions");
        versions[0].GetProperty("stored").GetProperty("log_level").GetString().ShouldBe("DEBUG");
        versions[0].GetProperty("stored").GetProperty("metrics_enabled").GetBoolean().ShouldBeFalse();
        versions[1].GetProperty("reason").GetString().ShouldBe("debugging");
        Json(rollback).GetProperty("version").GetInt32().ShouldBe(4);
        Json(after).GetProperty("values").GetProperty("log_level").GetProperty("origin").GetString().ShouldBe("default");
        invalid.ExitCode.ShouldBe(1);
        invalid.Error.ShouldContain("values.nonsense");
    }

    [Fact]
    public async Task Onboard_prints_a_token_the_agent_uses_refreshes_and_loses_when_offboarded()
    {
        var id = await RegisterAsync();
        (await AdminAsync("sessions", "register", "--id", "cli-s1", "--harness-id", "h1", "--harness-type", "terminal_shim")).ExitCode.ShouldBe(0);
        var templateFile = Path.Combine(Node.DataDirectory, "template.json");
        await File.WriteAllTextAsync(templateFile, """
            {"template_id":"ops","name":"Ops","harness_types":["terminal_shim"],
             "prompt_pack":{"system":"Run the runbook."},"tools":[{"name":"beach_state"}]}
            """);

        var created = await AdminAsync("agents", "templates", "create", "--file", templateFile, "-o", "json");
        var templates = await AdminAsync("agents", "templates", "list");
        var onboarded = await AdminAsync("agents", "onboard", id, "--template", "ops", "--session", "cli-s1", "-o", "json");
        onboarded.ExitCode.ShouldBe(0, onboarded.Error);
        var token = Json(onboarded).GetProperty("token").GetString()!;

        var read = await RunAsync("--url", Node.Url, "--token", token, "sessions", "get", "cli-s1");
        var write = await RunAsync("--url", Node.Url, "--token", token, "lease", "acquire", "cli-s1", "--controller", "x");
        var refreshed = await RunAsync("--url", Node.Url, "--token", token, "agents", "refresh", id, "-o", "json");
        var shown = await AdminAsync("agents", "onboarding", id);
        var offboarded = await AdminAsync("agents", "offboard", id);
        var revoked = await RunAsync("--url", Node.Url, "--token", token, "sessions", "get", "cli-s1");

        Json(created).GetProperty("version").GetInt32().ShouldBe(1);
        templates.Output.ShouldContain("ops");
        Json(onboarded).GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["pb:sessions.read"]);
        read.ExitCode.ShouldBe(0, read.Error);
        write.ExitCode.ShouldBe(1);
        write.Error.ShouldContain("403");
        refreshed.ExitCode.ShouldBe(0, refreshed.Error);
        Json(refreshed).GetProperty("token").GetString().ShouldNotBe(token);
        shown.Output.ShouldContain("SESSION_ID");
        shown.Output.ShouldContain("cli-s1");
        offboarded.ExitCode.ShouldBe(0, offboarded.Error);
        revoked.ExitCode.ShouldBe(1);
        revoked.Error.ShouldContain("401");
        revoked.Error.ShouldContain("ended");
    }

    [Fact]
    public async Task A_token_minted_with_the_agent_role_reads_only_its_own_agent()
    {
        var own = await RegisterAsync("Own");
        var other = await RegisterAsync("Other");
        var token = (await RunAsync("token", "mint", "--data", Node.DataDirectory, "--role", "agent", "--agent-id", own)).Output.Trim();
        var noAgent = await RunAsync("token", "mint", "--data", Node.DataDirectory, "--role", "agent");
        var nothing = await RunAsync("token", "mint", "--data", Node.DataDirectory);

        var mine = await RunAsync("--url", Node.Url, "--token", token, "agents", "config", "get", own);
        var theirs = await RunAsync("--url", Node.Url, "--token", token, "agents", "logs", other);

        mine.ExitCode.ShouldBe(0, mine.Error);
        theirs.ExitCode.ShouldBe(1);
        theirs.Error.ShouldContain("403");
        theirs.Error.ShouldContain(other);
        noAgent.ExitCode.ShouldBe(1);
        noAgent.Error.ShouldContain("--agent-id");
        nothing.ExitCode.ShouldBe(1);
        nothing.Error.ShouldContain("--scope or --role");
    }

    private async Task<string> RegisterAsync(string name = "Agent")
    {
        var run = await AdminAsync("agents", "register", "--name", name, "--version", "1.0.0", "--type", "ops", "-o", "json");
        run.ExitCode.ShouldBe(0, run.Error);
        return Json(run).GetProperty("agent_id").GetString()!;
    }

    private async Task PostAsync(string path, string json)
    {
        using var http = new HttpClient { BaseAddress = new Uri(Node.Url) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _admin);
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private static JsonElement Json(Run run) => JsonDocument.Parse(run.Output).RootElement;

    private Task<Run> AdminAsync(params string[] args) => RunAsync(["--url", Node.Url, "--token", _admin, .. args]);

    private static async Task<Run> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await BeachCli.RunAsync(args, output, error);
        return new Run(exit, output.ToString(), error.ToString());
    }

    private sealed record Run(int ExitCode, string Output, string Error);
}
