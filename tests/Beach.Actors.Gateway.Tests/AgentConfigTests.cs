using System.Net;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Testing;

namespace Beach.Actors.Gateway.Tests;

public sealed class AgentConfigTests
{
    private static readonly object s_schema = new
    {
        Type = "object",
        Required = new[] { "mode" },
        Properties = new
        {
            Threshold = new { Type = "integer", Minimum = 1, Maximum = 100, Default = 10 },
            Mode = new { Type = "string", Enum = new[] { "fast", "safe" } },
        },
    };

    private static Task<AgentHost> StartAsync()
        => AgentHost.StartAsync(new ManualTimeProvider(), ("Agents:Environment:log_level", "DEBUG"));

    [Fact]
    public async Task A_layered_read_shows_each_value_and_its_origin()
    {
        await using var host = await StartAsync();
        var id = await host.Api.RegisterIdAsync(AgentApi.Manifest(configSchema: s_schema));

        (await PutAsync(host, id, new { Mode = "fast", Threshold = 50 })).Status.ShouldBe(HttpStatusCode.OK);
        var config = await PutAsync(host, id, new { Threshold = 70 }, layer: "runtime");

        config.Status.ShouldBe(HttpStatusCode.OK);
        config.Json.GetProperty("version").GetInt32().ShouldBe(3);
        var values = config.Json.GetProperty("values");
        Origin(values, "heartbeat_interval").ShouldBe(("30", "default"));
        Origin(values, "metrics_enabled").ShouldBe(("true", "default"));
        Origin(values, "log_level").ShouldBe(("DEBUG", "environment"));
        Origin(values, "mode").ShouldBe(("fast", "stored"));
        Origin(values, "threshold").ShouldBe(("70", "runtime"));

        var read = await host.Api.SendAsync(HttpMethod.Get, $"/agents/{id}/config");
        read.Json.GetProperty("values").GetRawText().ShouldBe(values.GetRawText());
    }

    [Fact]
    public async Task An_invalid_change_is_refused_naming_each_field_and_applies_nothing()
    {
        await using var host = await StartAsync();
        var id = await host.Api.RegisterIdAsync(AgentApi.Manifest(configSchema: s_schema));

        var refused = await PutAsync(host, id, new { Mode = "slow", Threshold = 500, Colour = "red", LogLevel = "LOUD" });
        var missing = await PutAsync(host, id, new { Threshold = 5 });
        var wrongType = await PutAsync(host, id, new { Mode = "safe", Threshold = "ten" });

        refused.Status.ShouldBe(HttpStatusCode.BadRequest);
        refused.ContentType.ShouldBe("application/problem+json");
        refused.FieldError("values.mode").ShouldContain("fast, safe");
        refused.FieldError("values.threshold").ShouldContain("at most 100");
        refused.FieldError("values.colour").ShouldContain("not declared");
        refused.FieldError("values.log_level").ShouldContain("INFO");
        missing.FieldError("values.mode").ShouldContain("required");
        wrongType.FieldError("values.threshold").ShouldContain("integer");
        var config = await host.Api.SendAsync(HttpMethod.Get, $"/agents/{id}/config");
        config.Json.GetProperty("version").GetInt32().ShouldBe(1);
        Origin(config.Json.GetProperty("values"), "threshold").ShouldBe(("10", "default"));
    }

    [Fact]
    public async Task Every_change_is_in_the_history_and_a_rollback_is_a_new_version_equal_to_the_old()
    {
        await using var host = await StartAsync();
        var id = await host.Api.RegisterIdAsync(AgentApi.Manifest(configSchema: s_schema));
        await PutAsync(host, id, new { Mode = "fast", Threshold = 20 }, reason: "tune");
        await PutAsync(host, id, new { Mode = "safe", Threshold = 90 });

        var rolledBack = await host.Api.SendAsync(HttpMethod.Post, $"/agents/{id}/config/rollback", new { Version = 2, Reason = "too loose" });
        var history = await host.Api.SendAsync(HttpMethod.Get, $"/agents/{id}/config/history");
        var unknown = await host.Api.SendAsync(HttpMethod.Post, $"/agents/{id}/config/rollback", new { Version = 42 });

        rolledBack.Status.ShouldBe(HttpStatusCode.OK);
        rolledBack.Json.GetProperty("version").GetInt32().ShouldBe(4);
        Origin(rolledBack.Json.GetProperty("values"), "threshold").ShouldBe(("20", "stored"));
        Origin(rolledBack.Json.GetProperty("values"), "mode").ShouldBe(("fast", "stored"));
        var versions = history.Json.GetProperty("versions").EnumerateArray().ToList();
        versions.Select(v => v.GetProperty("version").GetInt32()).ShouldBe([4, 3, 2, 1]);
        versions.Select(v => v.GetProperty("change").GetString()).ShouldBe(["rollback to 2", "stored", "stored", "initial"]);
        versions[0].GetProperty("reason").GetString().ShouldBe("too loose");
        versions[2].GetProperty("reason").GetString().ShouldBe("tune");
        versions[2].GetProperty("stored").GetProperty("threshold").GetInt32().ShouldBe(20);
        versions[2].TryGetProperty("at", out _).ShouldBeTrue();
        versions[2].TryGetProperty("actor", out _).ShouldBeTrue();
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
        unknown.Json.GetProperty("newest").GetInt32().ShouldBe(4);
    }

    [Fact]
    public async Task A_retired_agent_keeps_its_configuration_readable_but_refuses_changes()
    {
        await using var host = await StartAsync();
        var id = await host.Api.RegisterIdAsync();
        await host.Api.CommandAsync(id, "retire");

        var change = await PutAsync(host, id, new { LogLevel = "ERROR" });

        change.Status.ShouldBe(HttpStatusCode.Conflict);
        change.Str("status").ShouldBe("retired");
        (await host.Api.SendAsync(HttpMethod.Get, $"/agents/{id}/config")).Status.ShouldBe(HttpStatusCode.OK);
    }

    private static Task<AgentReply> PutAsync(AgentHost host, string id, object values, string? layer = null, string? reason = null)
        => host.Api.SendAsync(HttpMethod.Put, $"/agents/{id}/config", new { Values = values, Layer = layer, Reason = reason });

    private static (string Value, string Origin) Origin(System.Text.Json.JsonElement values, string key)
    {
        var entry = values.GetProperty(key);
        var value = entry.GetProperty("value");
        return (value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString()! : value.GetRawText(), entry.GetProperty("origin").GetString()!);
    }
}
