using System.Net;
using Beach.Actors.Gateway.Tests.Support;

namespace Beach.Actors.Gateway.Tests.Security;

public sealed class RoleTests
{
    [Fact]
    public async Task The_agent_role_reads_its_own_record_configuration_and_logs_and_not_another_agents()
    {
        await using var f = await OnboardingFixture.StartAsync();
        var own = await f.Admin.RegisterIdAsync(AgentApi.Manifest(name: "Own"));
        var other = await f.Admin.RegisterIdAsync(AgentApi.Manifest(name: "Other"));
        var agent = f.As(f.MintToken(["agent"], agentId: own));

        (await agent.SendAsync(HttpMethod.Get, $"/agents/{own}")).Status.ShouldBe(HttpStatusCode.OK);
        (await agent.SendAsync(HttpMethod.Get, $"/agents/{own}/config")).Status.ShouldBe(HttpStatusCode.OK);
        (await agent.SendAsync(HttpMethod.Get, $"/agents/{own}/config/history")).Status.ShouldBe(HttpStatusCode.OK);
        (await agent.SendAsync(HttpMethod.Get, $"/agents/{own}/logs")).Status.ShouldBe(HttpStatusCode.OK);
        (await agent.SendAsync(HttpMethod.Post, $"/agents/{own}/logs", new { Entries = new[] { new { Level = "info", Message = "up" } } })).Status.ShouldBe(HttpStatusCode.OK);

        var otherConfig = await agent.SendAsync(HttpMethod.Get, $"/agents/{other}/config");
        var otherLogs = await agent.SendAsync(HttpMethod.Get, $"/agents/{other}/logs");
        var otherRecord = await agent.SendAsync(HttpMethod.Get, $"/agents/{other}");
        var list = await agent.SendAsync(HttpMethod.Get, "/agents");
        var changeOwn = await agent.SendAsync(HttpMethod.Put, $"/agents/{own}/config", new { Values = new { log_level = "DEBUG" } });

        foreach (var refused in new[] { otherConfig, otherLogs, otherRecord })
        {
            refused.Status.ShouldBe(HttpStatusCode.Forbidden);
            refused.ContentType.ShouldBe("application/problem+json");
            refused.Str("type").ShouldEndWith("not-own-agent");
            refused.Str("detail").ShouldContain(other);
        }

        list.Status.ShouldBe(HttpStatusCode.Forbidden);
        changeOwn.Status.ShouldBe(HttpStatusCode.Forbidden);
        (await agent.SendAsync(HttpMethod.Get, "/sessions/s1")).Str("type").ShouldEndWith("insufficient-scope");
    }

    [Fact]
    public async Task An_agent_role_without_its_agent_is_refused()
    {
        await using var f = await OnboardingFixture.StartAsync();

        var reply = await f.As(f.MintToken(["agent"])).SendAsync(HttpMethod.Get, "/agents");

        reply.Status.ShouldBe(HttpStatusCode.Unauthorized);
        reply.Str("detail").ShouldContain("agent_id");
    }

    [Fact]
    public async Task The_read_only_role_reads_and_changes_nothing()
    {
        await using var f = await OnboardingFixture.StartAsync();
        await f.RegisterSessionAsync("s1");
        var reader = f.As(f.MintToken(["read-only"]));

        (await reader.SendAsync(HttpMethod.Get, "/sessions/s1")).Status.ShouldBe(HttpStatusCode.OK);
        (await reader.SendAsync(HttpMethod.Get, "/agents")).Status.ShouldBe(HttpStatusCode.OK);
        var write = await reader.SendAsync(HttpMethod.Post, "/sessions/s1/controller/lease", new { ControllerId = "r", TtlMs = 30_000 });
        write.Status.ShouldBe(HttpStatusCode.Forbidden);
        write.Str("detail").ShouldContain("read-only");
    }

    [Fact]
    public async Task A_custom_role_grants_its_scopes_and_no_more_and_stops_when_deleted_and_is_kept_across_a_restart()
    {
        await using var f = await OnboardingFixture.StartAsync();
        await f.RegisterSessionAsync("s1");
        var defined = await f.Admin.SendAsync(HttpMethod.Put, "/roles/lease-operator", new { Scopes = new[] { "pb:control.write" }, Description = "takes leases" });
        var holder = f.As(f.MintToken(["lease-operator"]));

        var lease = await holder.SendAsync(HttpMethod.Post, "/sessions/s1/controller/lease", new { ControllerId = "op", TtlMs = 30_000 });
        var read = await holder.SendAsync(HttpMethod.Get, "/sessions/s1");

        defined.Status.ShouldBe(HttpStatusCode.OK);
        lease.Status.ShouldBe(HttpStatusCode.OK);
        read.Status.ShouldBe(HttpStatusCode.Forbidden);
        read.Str("required_scope").ShouldBe("pb:sessions.read");

        await f.Host.RestartAsync();
        var admin = new AgentApi(f.Host.Http);
        (await admin.SendAsync(HttpMethod.Get, "/roles/lease-operator")).Json.GetProperty("scopes")[0].GetString().ShouldBe("pb:control.write");
        var roles = await admin.SendAsync(HttpMethod.Get, "/roles");
        roles.Json.GetProperty("roles").EnumerateArray().Select(r => r.GetProperty("name").GetString()).ShouldBe(["admin", "agent", "read-only", "lease-operator"]);

        (await admin.SendAsync(HttpMethod.Delete, "/roles/lease-operator")).Status.ShouldBe(HttpStatusCode.NoContent);
        var after = await f.As(f.MintToken(["lease-operator"])).SendAsync(HttpMethod.Post, "/sessions/s1/controller/lease", new { ControllerId = "op2", TtlMs = 30_000 });
        after.Status.ShouldBe(HttpStatusCode.Forbidden);
        (await admin.SendAsync(HttpMethod.Get, "/roles/lease-operator")).Str("type").ShouldEndWith("role-not-found");
    }

    [Fact]
    public async Task Roles_are_managed_by_admins_only_and_every_bad_role_gets_its_own_answer()
    {
        await using var f = await OnboardingFixture.StartAsync();

        var builtIn = await f.Admin.SendAsync(HttpMethod.Put, "/roles/admin", new { Scopes = new[] { "pb:sessions.read" } });
        var badName = await f.Admin.SendAsync(HttpMethod.Put, "/roles/Bad%20Name", new { Scopes = new[] { "pb:sessions.read" } });
        var adminScope = await f.Admin.SendAsync(HttpMethod.Put, "/roles/boss", new { Scopes = new[] { "pb:admin" } });
        var unknownScope = await f.Admin.SendAsync(HttpMethod.Put, "/roles/odd", new { Scopes = new[] { "pb:everything", "pb:sessions.read", "pb:sessions.read" } });
        var noScopes = await f.Admin.SendAsync(HttpMethod.Put, "/roles/empty", new { });
        var missing = await f.Admin.SendAsync(HttpMethod.Delete, "/roles/never");
        var byReader = await f.As(f.MintToken(["read-only"])).SendAsync(HttpMethod.Put, "/roles/mine", new { Scopes = new[] { "pb:control.write" } });
        var badEntitlements = await f.Admin.SendAsync(HttpMethod.Put, "/tenant/entitlements", new { AllowedHarnessTypes = new[] { "ok", "not ok" } });

        builtIn.FieldError("name").ShouldContain("built-in");
        badName.FieldError("name").ShouldContain("lower-case");
        adminScope.FieldError("scopes[0]").ShouldContain("role 'admin'");
        unknownScope.FieldError("scopes[0]").ShouldContain("no scope");
        unknownScope.FieldError("scopes[2]").ShouldContain("twice");
        noScopes.FieldError("scopes").ShouldContain("required");
        missing.Status.ShouldBe(HttpStatusCode.NotFound);
        byReader.Status.ShouldBe(HttpStatusCode.Forbidden);
        badEntitlements.FieldError("allowed_harness_types[1]").ShouldContain("letters");
        badEntitlements.FieldError("max_onboarded_agents").ShouldContain("required");
    }
}
