using System.Collections.Immutable;
using System.Text.Json;

namespace Beach.Actors.Agents;

/// <summary>
/// Layered configuration: defaults &lt; environment &lt; stored &lt; runtime. The stored and runtime layers are
/// durable; each change of either is a new version (who, when, why) in a bounded history, validated against the
/// agent's schema before anything is applied, and recorded in the audit log. Rollback makes a new version equal to an
/// old one, so history only grows forward.
/// </summary>
internal sealed partial class AgentGrain
{
    private AgentConfigSchema? _schema;
    private TimeSpan? _heartbeatInterval;

    private static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();

    private AgentConfigSchema Schema => _schema ??= AgentConfigSchema.ParseValid(state.State.Manifest!.ConfigSchema);

    /// <summary>The effective <c>heartbeat_interval</c>, cached until the configuration changes.</summary>
    private TimeSpan HeartbeatInterval => _heartbeatInterval ??= TimeSpan.FromSeconds(
        Effective().TryGetValue("heartbeat_interval", out var value) && value.Value.TryGetInt64(out var seconds) && seconds > 0
            ? seconds
            : options.Value.HeartbeatInterval.TotalSeconds);

    public Task<AgentConfigView> GetConfigAsync()
    {
        RequireExists();
        return Task.FromResult(View());
    }

    public async Task<AgentConfigView> ChangeConfigAsync(AgentConfigChange change)
    {
        RequireExists();
        RefuseRetired("configure");
        if (change.Layer is not (AgentConfigLayer.Stored or AgentConfigLayer.Runtime))
        {
            throw new AgentConfigInvalidException(ImmutableDictionary<string, string>.Empty.Add("layer", "must be 'stored' or 'runtime'."));
        }

        var values = Values(change.Values);
        var stored = change.Layer == AgentConfigLayer.Stored ? values : state.State.StoredConfig;
        var runtime = change.Layer == AgentConfigLayer.Runtime ? values : state.State.RuntimeConfig;
        Validate(values, stored, runtime);
        await NewVersionAsync(stored, runtime, change.Layer == AgentConfigLayer.Stored ? "stored" : "runtime", change.Actor, change.Reason);
        return View();
    }

    public Task<AgentConfigHistory> GetConfigHistoryAsync()
    {
        RequireExists();
        return Task.FromResult(new AgentConfigHistory(_agentId, [.. Enumerable.Reverse(state.State.ConfigHistory)], state.State.DroppedConfigVersions));
    }

    public async Task<AgentConfigView> RollbackConfigAsync(int version, string? actor, string? reason)
    {
        RequireExists();
        RefuseRetired("configure");
        var history = state.State.ConfigHistory;
        var target = history.Find(v => v.Version == version)
            ?? throw new AgentConfigVersionNotFoundException(_agentId, version, history[0].Version, history[^1].Version);
        var stored = Values(target.Stored);
        var runtime = Values(target.Runtime);

        // The schema may have changed since that version: it must still fit.
        var all = new Dictionary<string, JsonElement>(stored, StringComparer.Ordinal);
        foreach (var (key, value) in runtime)
        {
            all[key] = value;
        }

        Validate(all, stored, runtime);
        await NewVersionAsync(stored, runtime, $"rollback to {version}", actor, reason);
        return View();
    }

    private void RefuseRetired(string command)
    {
        if (state.State.Status == AgentStatus.Retired)
        {
            throw new AgentTransitionException(_agentId, AgentStatus.Retired, command, []);
        }
    }

    private async Task NewVersionAsync(Dictionary<string, JsonElement> stored, Dictionary<string, JsonElement> runtime, string change, string? actor, string? reason)
    {
        var current = state.State;
        var now = timeProvider.GetUtcNow();
        var version = current.ConfigVersion + 1;
        await AppendAsync(AgentAuditCodec.CONFIG_CHANGED, actor, AgentAuditCodec.Config(version, change, reason), now);
        current.ConfigVersion = version;
        current.StoredConfig = stored;
        current.RuntimeConfig = runtime;
        current.UpdatedAt = now;
        current.ConfigHistory.Add(new AgentConfigVersion(version, change, ToJson(stored), ToJson(runtime), actor, reason, now));
        var capacity = Math.Max(1, options.Value.ConfigHistoryCapacity);
        if (current.ConfigHistory.Count > capacity)
        {
            var drop = current.ConfigHistory.Count - capacity;
            current.ConfigHistory.RemoveRange(0, drop);
            current.DroppedConfigVersions += drop;
        }

        await WriteAsync();
        var intervalBefore = HeartbeatInterval;
        _heartbeatInterval = null;
        if (current.Status == AgentStatus.Running && HeartbeatInterval != intervalBefore)
        {
            ArmLiveness();
        }
    }

    /// <summary>Checks each changed key against the schema and the required keys against the merged layers.</summary>
    private void Validate(Dictionary<string, JsonElement> changed, Dictionary<string, JsonElement> stored, Dictionary<string, JsonElement> runtime)
    {
        var schema = Schema;
        var errors = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in changed)
        {
            if (schema.Check(key, value) is { } wrong)
            {
                errors[$"values.{key}"] = wrong;
            }
        }

        var merged = Merge(stored, runtime);
        foreach (var key in schema.Required.Where(key => !merged.ContainsKey(key)))
        {
            errors[$"values.{key}"] = "is required by the agent's config schema and no layer gives it a value.";
        }

        if (errors.Count > 0)
        {
            throw new AgentConfigInvalidException(errors.ToImmutable());
        }
    }

    private AgentConfigView View()
    {
        var values = Effective()
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new AgentConfigValue(pair.Key, pair.Value.Value, pair.Value.Origin));
        return new AgentConfigView(_agentId, state.State.ConfigVersion, [.. values]);
    }

    private Dictionary<string, (JsonElement Value, AgentConfigLayer Origin)> Effective()
        => Merge(state.State.StoredConfig, state.State.RuntimeConfig);

    private Dictionary<string, (JsonElement Value, AgentConfigLayer Origin)> Merge(Dictionary<string, JsonElement> stored, Dictionary<string, JsonElement> runtime)
    {
        var merged = new Dictionary<string, (JsonElement, AgentConfigLayer)>(StringComparer.Ordinal);
        Layer(AgentConfigLayers.Defaults(Schema, options.Value), AgentConfigLayer.Default);
        Layer(AgentConfigLayers.Environment(Schema, options.Value), AgentConfigLayer.Environment);
        Layer(stored, AgentConfigLayer.Stored);
        Layer(runtime, AgentConfigLayer.Runtime);
        return merged;

        void Layer(Dictionary<string, JsonElement> values, AgentConfigLayer origin)
        {
            foreach (var (key, value) in values)
            {
                merged[key] = (value, origin);
            }
        }
    }

    private static Dictionary<string, JsonElement> Values(JsonElement values)
    {
        if (values.ValueKind != JsonValueKind.Object)
        {
            throw new AgentConfigInvalidException(ImmutableDictionary<string, string>.Empty.Add("values", "must be a JSON object of key: value."));
        }

        return values.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    private static JsonElement ToJson(Dictionary<string, JsonElement> values)
        => JsonSerializer.SerializeToElement(values, AgentJson.Default.DictionaryStringJsonElement);
}
