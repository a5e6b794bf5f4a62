using System.Net;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Onboarding;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Gateway.Tests;

public sealed class OnboardingTests
{
    private static readonly TimeSpan s_lifetime = OnboardingOptions.MAX_TOKEN_LIFETIME;

    [Fact]
    public async Task A_template_applied_gives_a_token_that_works_for_its_scopes_only_expires_refreshes_and_is_revoked_by_the_rate_rule()
    {
        await using var f = await OnboardingFixture.StartAsync();
        var agentId = await f.PrepareAsync("s1", "s2");
        var start = f.Clock.GetUtcNow();

        var onboarded = await f.OnboardAsync(agentId, "s1");

        onboarded.Status.ShouldBe(HttpStatusCode.Created, onboarded.Json.ToString());
        onboarded.Json.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["pb:control.write", "pb:sessions.read"]);
        onboarded.Json.GetProperty("prompt_pack").GetProperty("system").GetString().ShouldBe("You run the ops runbook.");
        onboarded.Json.GetProperty("tools")[1].GetProperty("maps_to").GetString().ShouldBe("beach_action");
        onboarded.Json.GetProperty("token_expires_at").GetDateTimeOffset().ShouldBe(start + s_lifetime);
        var session = onboarded.Json.GetProperty("sessions")[0];
        var leaseId = session.GetProperty("lease_id").GetString()!;
        var fencing = session.GetProperty("fencing_token").GetInt64();
        var agent = f.As(onboarded.Str("token"));

        // Its scopes: read the session, send actions under its lease, read its own record.
        (await agent.SendAsync(HttpMethod.Get, "/sessions/s1")).Status.ShouldBe(HttpStatusCode.OK);
        (await agent.SendAsync(HttpMethod.Post, "/sessions/s1/actions", OnboardingFixture.Actions(leaseId, fencing, 1))).Status.ShouldBe(HttpStatusCode.Accepted);
        (await agent.SendAsync(HttpMethod.Get, $"/agents/{agentId}/config")).Status.ShouldBe(HttpStatusCode.OK);

        // Nothing else: another session, a scope the template's tools do not need, another route of agents, the audit.
        var otherSession = await agent.SendAsync(HttpMethod.Get, "/sessions/s2");
        otherSession.Status.ShouldBe(HttpStatusCode.Forbidden);
        otherSession.ContentType.ShouldBe("application/problem+json");
        otherSession.Str("type").ShouldEndWith("session-not-assigned");
        var register = await agent.SendAsync(HttpMethod.Post, "/sessions/register", new { SessionId = "s3", HarnessId = "h", HarnessType = "terminal_shim", Capabilities = Array.Empty<string>() });
        register.Status.ShouldBe(HttpStatusCode.Forbidden);
        register.Str("detail").ShouldContain("pb:sessions.write");
        (await agent.SendAsync(HttpMethod.Get, "/agents")).Str("type").ShouldEndWith("not-own-agent");
        (await agent.SendAsync(HttpMethod.Get, "/audit")).Status.ShouldBe(HttpStatusCode.Forbidden);

        // The agent is the session's controller: nobody else gets the lease.
        var taken = await f.Admin.SendAsync(HttpMethod.Post, "/sessions/s1/controller/lease", new { ControllerId = "alice", TtlMs = 30_000 });
        taken.Status.ShouldBe(HttpStatusCode.Conflict);
        taken.Str("holder").ShouldBe(agentId);

        // Refresh before the lifetime is over: a new token, the lease renewed.
        f.Clock.Advance(TimeSpan.FromMinutes(4));
        var refreshed = await agent.SendAsync(HttpMethod.Post, $"/agents/{agentId}/onboard/refresh");
        refreshed.Status.ShouldBe(HttpStatusCode.OK, refreshed.Json.ToString());
        refreshed.Str("token_id").ShouldNotBe(onboarded.Str("token_id"));
        refreshed.Json.GetProperty("sessions")[0].GetProperty("lease_expires_at").GetDateTimeOffset().ShouldBe(f.Clock.GetUtcNow() + s_lifetime);
        var renewed = f.As(refreshed.Str("token"));

        // The first token dies at its lifetime; the refreshed one lives on.
        f.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var expired = await agent.SendAsync(HttpMethod.Get, "/sessions/s1");
        expired.Status.ShouldBe(HttpStatusCode.Unauthorized);
        expired.Str("reason").ShouldBe("expired");
        (await renewed.SendAsync(HttpMethod.Get, "/sessions/s1")).Status.ShouldBe(HttpStatusCode.OK);

        // Above 50 actions within one second the rule revokes: the lease and every token of the assignment.
        (await renewed.SendAsync(HttpMethod.Post, "/sessions/s1/actions", OnboardingFixture.Actions(leaseId, fencing, 30))).Status.ShouldBe(HttpStatusCode.Accepted);
        (await renewed.SendAsync(HttpMethod.Post, "/sessions/s1/actions", OnboardingFixture.Actions(leaseId, fencing, 30))).Status.ShouldBe(HttpStatusCode.Accepted);

        var refused = await renewed.SendAsync(HttpMethod.Get, "/sessions/s1");
        refused.Status.ShouldBe(HttpStatusCode.Unauthorized);
        refused.ContentType.ShouldBe("application/problem+json");
        refused.Str("type").ShouldEndWith("token-revoked");
        refused.Str("detail").ShouldContain("above the limit of 50 per second");
        var refreshAfter = await renewed.SendAsync(HttpMethod.Post, $"/agents/{agentId}/onboard/refresh");
        refreshAfter.Status.ShouldBe(HttpStatusCode.Unauthorized);
        refreshAfter.Str("type").ShouldEndWith("token-revoked");
        var operatorRefresh = await f.Admin.SendAsync(HttpMethod.Post, $"/agents/{agentId}/onboard/refresh?assignment_id={onboarded.Str("assignment_id")}");
        operatorRefresh.Status.ShouldBe(HttpStatusCode.Conflict);
        operatorRefresh.Str("type").ShouldEndWith("assignment-ended");

        // The lease is gone (revoked, its queue cancelled): the old lease sends nothing, and another controller gets it.
        (await f.Admin.SendAsync(HttpMethod.Post, "/sessions/s1/actions", OnboardingFixture.Actions(leaseId, fencing, 1))).Status.ShouldBe(HttpStatusCode.Conflict);
        var events = await f.Admin.SendAsync(HttpMethod.Get, "/sessions/s1/controller-events");
        events.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ShouldContain("revoked");
        (await f.Admin.SendAsync(HttpMethod.Post, "/sessions/s1/controller/lease", new { ControllerId = "alice", TtlMs = 30_000 })).Status.ShouldBe(HttpStatusCode.OK);

        // And it is in the audit log.
        var audit = await f.Admin.SendAsync(HttpMethod.Get, "/audit?kind=agent_assignment_revoked");
        var record = audit.Json.GetProperty("records").EnumerateArray().ShouldHaveSingleItem();
        record.GetProperty("actor").GetString().ShouldBe("system:anomaly");
        record.GetProperty("data").GetProperty("rule").GetString().ShouldBe("actions_per_second");
        record.GetProperty("data").GetProperty("agent_id").GetString().ShouldBe(agentId);
        (await f.Admin.SendAsync(HttpMethod.Get, "/audit?kind=agent_onboarded")).Json.GetProperty("records").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Repeated_stale_fencing_tokens_revoke_the_assignment()
    {
        await using var f = await OnboardingFixture.StartAsync();
        var agentId = await f.PrepareAsync("s1");
        var earlier = await f.Admin.SendAsync(HttpMethod.Post, "/sessions/s1/controller/lease", new { ControllerId = "alice", TtlMs = 30_000 });
        (await f.Admin.SendAsync(HttpMethod.Delete, $"/sessions/s1/controller/lease?lease_id={earlier.Str("lease_id")}")).Status.ShouldBe(HttpStatusCode.NoContent);
        var onboarded = await f.OnboardAsync(agentId, "s1");
        var leaseId = onboarded.Json.GetProperty("sessions")[0].GetProperty("lease_id").GetString()!;
        var agent = f.As(onboarded.Str("token"));

        var answers = new List<AgentReply>();
        for (var i = 0; i < OnboardingOptions.DEFAULT_MAX_STALE_FENCING_TOKENS; i++)
        {
            answers.Add(await agent.SendAsync(HttpMethod.Post, "/sessions/s1/actions", OnboardingFixture.Actions(leaseId, 1, 1)));
            f.Clock.Advance(TimeSpan.FromSeconds(5));
        }

        answers.ShouldAllBe(a => a.Status == HttpStatusCode.Conflict && a.Str("type").EndsWith("stale-fencing-token"));
        var refused = await agent.SendAsync(HttpMethod.Get, "/sessions/s1");
        refused.Status.ShouldBe(HttpStatusCode.Unauthorized);
        refused.Str("detail").ShouldContain("stale fencing tokens");
        (await f.Admin.SendAsync(HttpMethod.Post, "/sessions/s1/controller/lease", new { ControllerId = "bob", TtlMs = 30_000 })).Status.ShouldBe(HttpStatusCode.OK);
        var audit = await f.Admin.SendAsync(HttpMethod.Get, "/audit?kind=agent_assignment_revoked");
        audit.Json.GetProperty("records")[0].GetProperty("data").GetProperty("rule").GetString().ShouldBe("stale_fencing_tokens");
    }

    [Fact]
    public async Task Stale_fencing_tokens_spread_wider_than_the_window_do_not_revoke()
    {
        await using var f = await OnboardingFixture.StartAsync();
        var agentId = await f.PrepareAsync("s1");
        var earlier = await f.Admin.SendAsync(HttpMethod.Post, "/sessions/s1/controller/lease", new { ControllerId = "alice", TtlMs = 30_000 });
        await f.Admin.SendAsync(HttpMethod.Delete, $"/sessions/s1/controller/lease?lease_id={earlier.Str("lease_id")}");
        var onboarded = await f.OnboardAsync(agentId, "s1");
        var leaseId = onboarded.Json.GetProperty("sessions")[0].GetProperty("lease_id").GetString()!;
        var agent = f.As(onboarded.Str("token"));

        for (var i = 0; i < OnboardingOptions.DEFAULT_MAX_STALE_FENCING_TOKENS + 1; i++)
        {
            (await agent.SendAsync(HttpMethod.Post, "/sessions/s1/actions", OnboardingFixture.Actions(leaseId, 1, 1))).Status.ShouldBe(HttpStatusCode.Conflict);
            f.Clock.Advance(TimeSpan.FromSeconds(31));
            (await agent.SendAsync(HttpMethod.Post, $"/agents/{agentId}/onboard/refresh")).Status.ShouldBe(HttpStatusCode.OK);
        }

        (await agent.SendAsync(HttpMethod.Get, $"/agents/{agentId}/onboarding")).Str("status").ShouldBe("active");
    }

    [Fact]
    public async Task An_unrefreshed_assignment_lapses_with_its_token_and_frees_the_lease_and_the_slot()
    {
        await using var f = await OnboardingFixture.StartAsync();
        var agentId = await f.PrepareAsync("s1");
        var onboarded = await f.OnboardAsync(agentId, "s1");
        var agent = f.As(onboarded.Str("token"));

        f.Clock.Advance(s_lifetime - TimeSpan.FromSeconds(1));
        (await agent.SendAsync(HttpMethod.Get, "/sessions/s1")).Status.ShouldBe(HttpStatusCode.OK);
        f.Clock.Advance(TimeSpan.FromSeconds(1));

        var expired = await agent.SendAsync(HttpMethod.Get, "/sessions/s1");
        expired.Status.ShouldBe(HttpStatusCode.Unauthorized);
        expired.Str("reason").ShouldBe("expired");
        var view = await f.Admin.SendAsync(HttpMethod.Get, $"/agents/{agentId}/onboarding?assignment_id={onboarded.Str("assignment_id")}");
        view.Str("status").ShouldBe("ended");
        view.Str("end_reason").ShouldContain("lapsed");
        (await f.OnboardAsync(agentId, "s1")).Status.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Offboarding_releases_the_leases_and_refuses_the_token()
    {
        await using var f = await OnboardingFixture.StartAsync();
        var agentId = await f.PrepareAsync("s1");
        var onboarded = await f.OnboardAsync(agentId, "s1");
        var agent = f.As(onboarded.Str("token"));

        var offboarded = await f.Admin.SendAsync(HttpMethod.Delete, $"/agents/{agentId}/onboard");
        var again = await f.Admin.SendAsync(HttpMethod.Delete, $"/agents/{agentId}/onboard");

        offboarded.Status.ShouldBe(HttpStatusCode.NoContent);
        again.Status.ShouldBe(HttpStatusCode.NotFound);
        again.Str("type").ShouldEndWith("agent-not-onboarded");
        (await agent.SendAsync(HttpMethod.Get, "/sessions/s1")).Str("type").ShouldEndWith("token-revoked");
        (await f.Admin.SendAsync(HttpMethod.Post, "/sessions/s1/controller/lease", new { ControllerId = "alice", TtlMs = 30_000 })).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Harness_types_and_entitlements_are_checked_and_a_refusal_holds_nothing()
    {
        await using var f = await OnboardingFixture.StartAsync();
        var agentId = await f.PrepareAsync("s1");
        await f.RegisterSessionAsync("gui-1", "gui_shim");
        var second = await f.Admin.RegisterIdAsync(AgentApi.Manifest(name: "Second"));

        var mismatch = await f.OnboardAsync(agentId, "s1", "gui-1");
        mismatch.Status.ShouldBe((HttpStatusCode)422);
        mismatch.FieldError("session_ids[1]").ShouldContain("gui_shim");

        var set = await f.Admin.SendAsync(HttpMethod.Put, "/tenant/entitlements", new { AllowedHarnessTypes = new[] { "gui_shim" }, MaxOnboardedAgents = 1 });
        set.Status.ShouldBe(HttpStatusCode.OK);
        var notEntitled = await f.OnboardAsync(agentId, "s1");
        notEntitled.Status.ShouldBe(HttpStatusCode.Forbidden);
        notEntitled.Str("entitlement").ShouldBe("allowed_harness_types");

        await f.Admin.SendAsync(HttpMethod.Put, "/tenant/entitlements", new { AllowedHarnessTypes = (string[]?)null, MaxOnboardedAgents = 1 });
        await f.RegisterSessionAsync("s2");
        (await f.OnboardAsync(agentId, "s1")).Status.ShouldBe(HttpStatusCode.Created);
        var twice = await f.OnboardAsync(agentId, "s2");
        twice.Status.ShouldBe(HttpStatusCode.Conflict);
        twice.Str("type").ShouldEndWith("agent-already-onboarded");
        var overLimit = await f.OnboardAsync(second, "s2");
        overLimit.Status.ShouldBe(HttpStatusCode.Forbidden);
        overLimit.Str("entitlement").ShouldBe("max_onboarded_agents");

        // A lease held by someone else refuses the onboarding and leaves no slot or lease behind.
        await f.Admin.SendAsync(HttpMethod.Put, "/tenant/entitlements", new { MaxOnboardedAgents = 2 });
        await f.RegisterSessionAsync("s3");
        (await f.Admin.SendAsync(HttpMethod.Post, "/sessions/s2/controller/lease", new { ControllerId = "alice", TtlMs = 30_000 })).Status.ShouldBe(HttpStatusCode.OK);
        var held = await f.OnboardAsync(second, "s3", "s2");
        held.Status.ShouldBe(HttpStatusCode.Conflict);
        held.Str("type").ShouldEndWith("lease-held");
        (await f.Admin.SendAsync(HttpMethod.Post, "/sessions/s3/controller/lease", new { ControllerId = "bob", TtlMs = 30_000 })).Status.ShouldBe(HttpStatusCode.OK);
        (await f.Admin.SendAsync(HttpMethod.Get, $"/agents/{second}/onboarding")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_bad_onboarding_input_gets_its_own_answer()
    {
        await using var f = await OnboardingFixture.StartAsync();
        var agentId = await f.PrepareAsync("s1");

        var noBody = await f.Admin.SendAsync(HttpMethod.Post, $"/agents/{agentId}/onboard", new { });
        var badId = await f.Admin.SendAsync(HttpMethod.Post, "/agents/not-an-id/onboard", new { TemplateId = "x", SessionIds = new[] { "s1" } });
        var unknownAgent = await f.OnboardAsync($"security-{Guid.NewGuid()}", "s1");
        var unknownTemplate = await f.Admin.SendAsync(HttpMethod.Post, $"/agents/{agentId}/onboard", new { TemplateId = "nope", SessionIds = new[] { "s1" } });
        var unknownVersion = await f.Admin.SendAsync(HttpMethod.Post, $"/agents/{agentId}/onboard", new { TemplateId = OnboardingFixture.TEMPLATE, TemplateVersion = 9, SessionIds = new[] { "s1" } });
        var unknownSession = await f.OnboardAsync(agentId, "ghost");
        var duplicate = await f.OnboardAsync(agentId, "s1", "s1");
        var tooMany = await f.OnboardAsync(agentId, [.. Enumerable.Range(0, OnboardingOptions.DEFAULT_MAX_SESSIONS_PER_ASSIGNMENT + 1).Select(i => $"s{i}")]);

        noBody.Status.ShouldBe(HttpStatusCode.BadRequest);
        noBody.FieldError("template_id").ShouldContain("GET /onboarding/templates");
        noBody.FieldError("session_ids").ShouldContain("1–16");
        badId.FieldError("id").ShouldContain("{type}-{uuid}");
        unknownAgent.Str("type").ShouldEndWith("agent-not-found");
        unknownTemplate.Status.ShouldBe(HttpStatusCode.NotFound);
        unknownTemplate.Str("type").ShouldEndWith("template-not-found");
        unknownVersion.Str("detail").ShouldContain("no version 9");
        unknownSession.Str("type").ShouldEndWith("session-not-found");
        duplicate.FieldError("session_ids[1]").ShouldContain("twice");
        tooMany.FieldError("session_ids").ShouldContain("1–16");
        (await f.Admin.SendAsync(HttpMethod.Get, $"/agents/{agentId}/onboarding")).Str("type").ShouldEndWith("agent-not-onboarded");
    }

    [Fact]
    public async Task Templates_are_versioned_validated_and_kept_across_a_restart()
    {
        await using var f = await OnboardingFixture.StartAsync();

        var v1 = await f.CreateTemplateAsync();
        var v2 = await f.CreateTemplateAsync(OnboardingFixture.Template(tools: [new { Name = "beach_state" }]));
        var bad = await f.CreateTemplateAsync(new { TemplateId = "Bad Id", HarnessTypes = Array.Empty<string>(), PromptPack = new { }, Tools = new[] { new { Name = "fly", MapsTo = (string?)null }, new { Name = "beach_state", MapsTo = (string?)"teleport" } } });
        await f.Host.RestartAsync();
        var admin = new AgentApi(f.Host.Http);
        var latest = await admin.SendAsync(HttpMethod.Get, $"/onboarding/templates/{OnboardingFixture.TEMPLATE}");
        var first = await admin.SendAsync(HttpMethod.Get, $"/onboarding/templates/{OnboardingFixture.TEMPLATE}?version=1");
        var list = await admin.SendAsync(HttpMethod.Get, "/onboarding/templates");
        var missingVersion = await admin.SendAsync(HttpMethod.Get, $"/onboarding/templates/{OnboardingFixture.TEMPLATE}?version=7");
        var deleted = await admin.SendAsync(HttpMethod.Delete, $"/onboarding/templates/{OnboardingFixture.TEMPLATE}");
        var gone = await admin.SendAsync(HttpMethod.Get, $"/onboarding/templates/{OnboardingFixture.TEMPLATE}");

        v1.Json.GetProperty("version").GetInt32().ShouldBe(1);
        v2.Json.GetProperty("version").GetInt32().ShouldBe(2);
        v2.Json.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["pb:sessions.read"]);
        bad.Status.ShouldBe(HttpStatusCode.BadRequest);
        bad.FieldError("template_id").ShouldContain("lower-case");
        bad.FieldError("name").ShouldContain("required");
        bad.FieldError("harness_types").ShouldContain("1–16");
        bad.FieldError("prompt_pack.system").ShouldContain("required");
        bad.FieldError("tools[0].maps_to").ShouldContain("no bridge tool");
        bad.FieldError("tools[1].maps_to").ShouldContain("'teleport'");
        latest.Json.GetProperty("version").GetInt32().ShouldBe(2);
        first.Json.GetProperty("tools").GetArrayLength().ShouldBe(2);
        list.Json.GetProperty("templates")[0].GetProperty("versions").EnumerateArray().Select(v => v.GetInt32()).ShouldBe([1, 2]);
        missingVersion.Status.ShouldBe(HttpStatusCode.NotFound);
        deleted.Status.ShouldBe(HttpStatusCode.NoContent);
        gone.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_template_catalog_is_bounded_in_templates_versions_and_text()
    {
        await using var host = await GatewayHost.StartAsync(configureServices: services => services.Configure<OnboardingOptions>(limits =>
        {
            limits.MaxTemplates = 2;
            limits.MaxTemplateVersions = 2;
            limits.MaxCatalogCharacters = 1_200;
        }));
        var admin = new AgentApi(host.Http);

        for (var i = 0; i < 3; i++)
        {
            (await admin.SendAsync(HttpMethod.Post, "/onboarding/templates", OnboardingFixture.Template())).Status.ShouldBe(HttpStatusCode.Created);
        }

        (await admin.SendAsync(HttpMethod.Post, "/onboarding/templates", OnboardingFixture.Template("second"))).Status.ShouldBe(HttpStatusCode.Created);
        var third = await admin.SendAsync(HttpMethod.Post, "/onboarding/templates", OnboardingFixture.Template("third"));
        var versions = await admin.SendAsync(HttpMethod.Get, $"/onboarding/templates/{OnboardingFixture.TEMPLATE}?version=1");
        var list = await admin.SendAsync(HttpMethod.Get, "/onboarding/templates");
        var huge = OnboardingFixture.Template("second", tools: [new { Name = "beach_state", Description = new string('x', 1_000) }]);
        var tooLarge = await admin.SendAsync(HttpMethod.Post, "/onboarding/templates", huge);

        third.Status.ShouldBe(HttpStatusCode.Conflict);
        third.Str("type").ShouldEndWith("template-catalog-full");
        versions.Status.ShouldBe(HttpStatusCode.NotFound);
        list.Json.GetProperty("templates")[0].GetProperty("versions").EnumerateArray().Select(v => v.GetInt32()).ShouldBe([2, 3]);
        tooLarge.Status.ShouldBe(HttpStatusCode.Conflict);
        tooLarge.Str("detail").ShouldContain("characters");
    }

    [Fact]
    public async Task An_assignment_and_its_revocation_survive_a_restart()
    {
        await using var f = await OnboardingFixture.StartAsync();
        var agentId = await f.PrepareAsync("s1");
        var token = (await f.OnboardAsync(agentId, "s1")).Str("token");

        await f.Host.RestartAsync();
        var standing = await f.As(token).SendAsync(HttpMethod.Get, "/sessions/s1");
        (await new AgentApi(f.Host.Http).SendAsync(HttpMethod.Delete, $"/agents/{agentId}/onboard")).Status.ShouldBe(HttpStatusCode.NoContent);
        await f.Host.RestartAsync();
        var ended = await f.As(token).SendAsync(HttpMethod.Get, "/sessions/s1");

        standing.Status.ShouldBe(HttpStatusCode.OK);
        ended.Status.ShouldBe(HttpStatusCode.Unauthorized);
        ended.Str("type").ShouldEndWith("token-revoked");
    }
}
