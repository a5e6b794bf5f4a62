using System.Text.Json;

namespace Beach.Actors.Cli.Tests;

/// <summary>The <c>beach</c> client against a real embedded node over HTTP: tokens it mints work, errors print the problem.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private EmbeddedNode? _node;

    private EmbeddedNode Node => _node!;

    public async Task InitializeAsync() => _node = await EmbeddedNode.StartAsync();

    public async Task DisposeAsync() => await Node.DisposeAsync();

    [Fact]
    public async Task A_minted_token_registers_reads_and_leases_a_session()
    {
        var token = (await RunAsync("token", "mint", "--data", Node.DataDirectory, "--tenant", "dev", "--scope", "pb:sessions.read", "pb:sessions.write", "pb:control.write", "--ttl", "10m")).Output.Trim();

        var registered = await ApiAsync(token, "sessions", "register", "--id", "cli-1", "--harness-id", "h1", "--harness-type", "terminal_shim", "--capability", "terminal_semantic_v1", "--metadata", "{\"cols\":80}", "-o", "json");
        var read = await ApiAsync(token, "sessions", "get", "cli-1");
        var lease = await ApiAsync(token, "lease", "acquire", "cli-1", "--controller", "alice", "--ttl", "30s", "-o", "json");
        var leaseId = JsonDocument.Parse(lease.Output).RootElement.GetProperty("lease_id").GetString()!;
        var renewed = await ApiAsync(token, "lease", "renew", "cli-1", "--lease", leaseId, "--ttl", "1m");
        var released = await ApiAsync(token, "lease", "release", "cli-1", "--lease", leaseId);
        var events = await ApiAsync(token, "events", "cli-1");

        registered.ExitCode.ShouldBe(0, registered.Error);
        JsonDocument.Parse(registered.Output).RootElement.GetProperty("session_id").GetString().ShouldBe("cli-1");
        read.ExitCode.ShouldBe(0, read.Error);
        read.Output.ShouldContain("harness_id");
        read.Output.ShouldContain("h1");
        lease.ExitCode.ShouldBe(0, lease.Error);
        renewed.ExitCode.ShouldBe(0, renewed.Error);
        released.ExitCode.ShouldBe(0, released.Error);
        events.ExitCode.ShouldBe(0, events.Error);
        events.Output.ShouldContain("SEQ");
        events.Output.ShouldContain("granted");
        events.Output.ShouldContain("renewed");
        events.Output.ShouldContain("released");
    }

    [Fact]
    public async Task An_error_prints_the_servers_problem_detail_and_exits_non_zero()
    {
        var token = (await RunAsync("token", "mint", "--data", Node.DataDirectory, "--scope", "pb:admin")).Output.Trim();

        var missing = await ApiAsync(token, "sessions", "get", "nobody");
        var invalid = await ApiAsync(token, "lease", "acquire", "nobody", "--controller", "alice", "--ttl", "365d");

        missing.ExitCode.ShouldBe(1);
        missing.Error.ShouldContain("error: 404 Session not found.");
        missing.Error.ShouldContain("Register it with POST /sessions/register first.");
        missing.Error.ShouldNotContain("   at ");
        invalid.ExitCode.ShouldBe(1);
        invalid.Error.ShouldContain("ttl_ms:");
    }

    [Fact]
    public async Task Without_a_token_or_scope_the_refusal_says_why()
    {
        var reader = (await RunAsync("token", "mint", "--data", Node.DataDirectory, "--scope", "pb:sessions.read")).Output.Trim();

        var anonymous = await RunAsync("--url", Node.Url, "sessions", "get", "s1");
        var underScoped = await ApiAsync(reader, "sessions", "register", "--id", "s1", "--harness-id", "h1", "--harness-type", "t");

        anonymous.ExitCode.ShouldBe(1);
        anonymous.Error.ShouldContain("401");
        anonymous.Error.ShouldContain("Authorization: Bearer");
        underScoped.ExitCode.ShouldBe(1);
        underScoped.Error.ShouldContain("403");
        underScoped.Error.ShouldContain("pb:sessions.write");
    }

    [Fact]
    public async Task Mistakes_on_the_command_line_print_one_line_without_a_stack_trace()
    {
        var badTtl = await RunAsync("token", "mint", "--data", Node.DataDirectory, "--scope", "pb:admin", "--ttl", "soon");
        var noKey = await RunAsync("token", "mint", "--data", Path.Combine(Node.DataDirectory, "nowhere"), "--scope", "pb:admin");
        var unreachable = await RunAsync("--url", "http://127.0.0.1:1", "--token", "x", "sessions", "get", "s1");

        badTtl.ExitCode.ShouldBe(1);
        badTtl.Error.ShouldContain("'soon' is not a duration");
        noKey.ExitCode.ShouldBe(1);
        noKey.Error.ShouldContain("No development signing key");
        unreachable.ExitCode.ShouldBe(1);
        unreachable.Error.ShouldContain("cannot reach http://127.0.0.1:1");
        new[] { badTtl, noKey, unreachable }.ShouldAllBe(run => !run.Error.Contains("   at "));
    }

    [Fact]
    public async Task New_key_creates_a_key_that_tokens_are_minted_with()
    {
        var folder = Path.Combine(Node.DataDirectory, "gateway-keys");

        var created = await RunAsync("token", "new-key", "--data", folder);
        var minted = await RunAsync("token", "mint", "--data", folder, "--scope", "pb:admin", "--tenant", "acme", "--subject", "ops");

        created.ExitCode.ShouldBe(0, created.Error);
        File.Exists(created.Output.Trim()).ShouldBeTrue();
        minted.ExitCode.ShouldBe(0, minted.Error);
        var payload = minted.Output.Trim().Split('.')[1];
        var json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=').Replace('-', '+').Replace('_', '/')));
        json.ShouldContain("\"tenant\":\"acme\"");
        json.ShouldContain("\"sub\":\"ops\"");
    }

    [Fact]
    public async Task Actions_go_through_the_cli_and_audit_verify_finds_a_record_changed_behind_the_servers_back()
    {
        var admin = (await RunAsync("token", "mint", "--data", Node.DataDirectory, "--scope", "pb:admin")).Output.Trim();
        await ApiAsync(admin, "sessions", "register", "--id", "cli-a", "--harness-id", "h1", "--harness-type", "terminal_shim");
        var lease = JsonDocument.Parse((await ApiAsync(admin, "lease", "acquire", "cli-a", "--controller", "alice", "--ttl", "1m", "-o", "json")).Output).RootElement;

        var sent = await ApiAsync(admin, "actions", "send", "cli-a", "--lease", lease.GetProperty("lease_id").GetString()!,
            "--fencing-token", lease.GetProperty("fencing_token").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), "--kind", "terminal_line", "--text", "ls", "-o", "json");
        var pending = await ApiAsync(admin, "actions", "pending", "cli-a", "-o", "json");
        var intact = await ApiAsync(admin, "audit", "verify");

        var queued = await TamperAsync("actions_queued");
        var broken = await ApiAsync(admin, "audit", "verify");

        sent.ExitCode.ShouldBe(0, sent.Error);
        JsonDocument.Parse(pending.Output).RootElement.GetProperty("actions").GetArrayLength().ShouldBe(1);
        intact.ExitCode.ShouldBe(0, intact.Error);
        intact.Output.ShouldStartWith("OK tenant 'dev'");
        broken.ExitCode.ShouldBe(Commands.AuditCommands.EXIT_CHAIN_BROKEN, broken.Error);
        broken.Output.ShouldContain($"record seq {queued} (actions/cli-a v1) was changed");
    }

    /// <summary>Changes the first record of <paramref name="kind"/> in the node's SQLite file directly, as an intruder would; returns its seq.</summary>
    private async Task<long> TamperAsync(string kind)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = Path.Combine(Node.DataDirectory, "beach.db"), Pooling = false };
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var find = connection.CreateCommand();
        find.CommandText = "SELECT seq FROM audit_log WHERE kind = $kind ORDER BY seq LIMIT 1";
        find.Parameters.AddWithValue("$kind", kind);
        var seq = (long)(await find.ExecuteScalarAsync())!;
        await using var tamper = connection.CreateCommand();
        tamper.CommandText = "UPDATE audit_log SET data = json_set(data, '$.fencing_token', 999) WHERE seq = $seq";
        tamper.Parameters.AddWithValue("$seq", seq);
        (await tamper.ExecuteNonQueryAsync()).ShouldBe(1);
        return seq;
    }

    private Task<Run> ApiAsync(string token, params string[] args) => RunAsync(["--url", Node.Url, "--token", token, .. args]);

    private static async Task<Run> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await BeachCli.RunAsync(args, output, error);
        return new Run(exit, output.ToString(), error.ToString());
    }

    private sealed record Run(int ExitCode, string Output, string Error);
}
