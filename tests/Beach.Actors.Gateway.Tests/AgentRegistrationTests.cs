using System.Net;
using Beach.Actors.Agents;
using Beach.Actors.Gateway.Tests.Support;

namespace Beach.Actors.Gateway.Tests;

public sealed class AgentRegistrationTests
{
    [Fact]
    public async Task Register_answers_201_with_a_type_uuid_id_that_reads_back_as_registered()
    {
        await using var host = await AgentHost.StartAsync();

        var created = await host.Api.RegisterAsync(AgentApi.Manifest());

        created.Status.ShouldBe(HttpStatusCode.Created);
        var id = created.Str("agent_id");
        id.ShouldStartWith("security-");
        AgentKey.IsValidAgentId(id).ShouldBeTrue();
        var read = await host.Api.GetAsync(id);
        read.Status.ShouldBe(HttpStatusCode.OK);
        read.Str("name").ShouldBe("SecurityAgent");
        read.Str("version").ShouldBe("1.0.0");
        read.Str("status").ShouldBe("registered");
        read.Str("findings_topic").ShouldBe("findings.security");
        read.Json.GetProperty("subscribed_topics").EnumerateArray().Select(t => t.GetString()).ShouldBe(["logs.security", "logs.auth"]);
        read.Json.GetProperty("allowed_commands").EnumerateArray().Select(t => t.GetString()).ShouldBe(["start", "retire"]);
    }

    [Fact]
    public async Task Register_with_invalid_fields_answers_400_naming_each_field()
    {
        await using var host = await AgentHost.StartAsync();

        var reply = await host.Api.RegisterAsync(new
        {
            Version = "1.0",
            Type = "Security Agent",
            SubscribedTopics = new[] { "logs..security", "logs.auth", "logs.auth" },
            FindingsTopic = "findings.*",
            ConfigSchema = new { Properties = new { Threshold = new { Type = "float" } } },
        });

        reply.Status.ShouldBe(HttpStatusCode.BadRequest);
        reply.ContentType.ShouldBe("application/problem+json");
        reply.FieldError("name").ShouldContain("required");
        reply.FieldError("version").ShouldContain("semantic version");
        reply.FieldError("type").ShouldContain("lower-case");
        reply.FieldError("subscribed_topics[0]").ShouldContain("dot-separated");
        reply.FieldError("subscribed_topics[2]").ShouldContain("twice");
        reply.FieldError("findings_topic").ShouldContain("without wildcards");
        reply.FieldError("config_schema.properties.threshold.type").ShouldContain("integer");
    }

    [Fact]
    public async Task Register_of_a_name_and_version_taken_answers_409_naming_the_agent_and_fields()
    {
        await using var host = await AgentHost.StartAsync();
        var first = await host.Api.RegisterIdAsync();

        var again = await host.Api.RegisterAsync(AgentApi.Manifest());
        var newer = await host.Api.RegisterAsync(AgentApi.Manifest(version: "1.1.0"));

        again.Status.ShouldBe(HttpStatusCode.Conflict);
        again.Str("agent_id").ShouldBe(first);
        again.FieldError("version").ShouldContain("1.0.0");
        newer.Status.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task List_filters_by_type_status_and_name_prefix_and_pages_by_cursor()
    {
        await using var host = await AgentHost.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await host.Api.RegisterIdAsync(AgentApi.Manifest(name: i < 3 ? $"Scanner{i}" : $"Watcher{i}", type: i % 2 == 0 ? "scan" : "watch")));
        }

        await host.Api.CommandAsync(ids[0], "start");

        (await host.Api.ListAsync("?type=scan")).Json.GetProperty("agents").GetArrayLength().ShouldBe(3);
        var running = (await host.Api.ListAsync("?status=running")).Json.GetProperty("agents");
        running.GetArrayLength().ShouldBe(1);
        running[0].GetProperty("agent_id").GetString().ShouldBe(ids[0]);
        (await host.Api.ListAsync("?name_prefix=Watcher")).Json.GetProperty("agents").GetArrayLength().ShouldBe(2);

        var seen = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 10; page++)
        {
            var reply = await host.Api.ListAsync($"?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            reply.Json.GetProperty("total").GetInt32().ShouldBe(5);
            seen.AddRange(reply.Json.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("agent_id").GetString()!));
            cursor = reply.Json.GetProperty("next_cursor").GetString();
            if (cursor is null)
            {
                break;
            }
        }

        seen.ShouldBe(ids.Order(StringComparer.Ordinal).ToList());
        (await host.Api.ListAsync("?status=sleeping&limit=0")).FieldError("status").ShouldContain("running");
    }

    [Fact]
    public async Task Put_replaces_the_manifest_but_not_the_type_and_delete_removes_the_agent()
    {
        await using var host = await AgentHost.StartAsync();
        var id = await host.Api.RegisterIdAsync();

        var updated = await host.Api.SendAsync(HttpMethod.Put, $"/agents/{id}", AgentApi.Manifest(version: "1.0.1"));
        var retyped = await host.Api.SendAsync(HttpMethod.Put, $"/agents/{id}", AgentApi.Manifest(type: "audit"));

        updated.Status.ShouldBe(HttpStatusCode.OK);
        updated.Str("version").ShouldBe("1.0.1");
        retyped.Status.ShouldBe(HttpStatusCode.BadRequest);
        retyped.FieldError("type").ShouldContain("cannot change");

        (await host.Api.SendAsync(HttpMethod.Delete, $"/agents/{id}")).Status.ShouldBe(HttpStatusCode.NoContent);
        (await host.Api.GetAsync(id)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await host.Api.ListAsync()).Json.GetProperty("total").GetInt32().ShouldBe(0);
        (await host.Api.RegisterAsync(AgentApi.Manifest(version: "1.0.1"))).Status.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_answer_404_and_400()
    {
        await using var host = await AgentHost.StartAsync();

        var unknown = await host.Api.GetAsync($"security-{Guid.NewGuid():D}");
        var malformed = await host.Api.GetAsync("not-an-agent");

        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
        unknown.Str("type").ShouldBe("urn:beach-actors:problem:agent-not-found");
        malformed.Status.ShouldBe(HttpStatusCode.BadRequest);
        malformed.FieldError("id").ShouldContain("{type}-{uuid}");
    }

    [Fact]
    public async Task With_the_token_policy_on_registration_needs_a_minted_token_used_once()
    {
        await using var host = await AgentHost.StartAsync(settings: ("Agents:RequireDiscoveryToken", "true"));

        var without = await host.Api.RegisterAsync(AgentApi.Manifest());
        var minted = await host.Api.SendAsync(HttpMethod.Post, "/agents/discovery-tokens");
        var token = minted.Str("token");
        var with = await host.Api.RegisterAsync(new { Name = "A", Version = "1.0.0", Type = "a", DiscoveryToken = token });
        var reused = await host.Api.RegisterAsync(new { Name = "B", Version = "1.0.0", Type = "b", DiscoveryToken = token });

        without.Status.ShouldBe(HttpStatusCode.Forbidden);
        without.FieldError("discovery_token").ShouldContain("none was given");
        minted.Status.ShouldBe(HttpStatusCode.Created);
        with.Status.ShouldBe(HttpStatusCode.Created);
        reused.Status.ShouldBe(HttpStatusCode.Forbidden);
        reused.FieldError("discovery_token").ShouldContain("used already");
    }
}
