using Beach.Actors.Audit;
using Beach.Actors.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Agents;

/// <summary>
/// One agent: manifest, lifecycle, heartbeats, layered configuration and recent telemetry. Its state is in grain
/// storage; every transition and configuration change is first appended to its audit stream <c>agent/{id}</c> with the
/// stream version it follows (so a duplicate activation cannot record a second history), then written to storage.
/// Should the process die between the two, activation finds the newer record and takes its state from it.
/// Its registry entry (for listing and the duplicate check) follows each change.
/// </summary>
[GrainType("agent")]
internal sealed partial class AgentGrain(
    [PersistentState("agent")] IPersistentState<AgentState> state,
    IAuditLog audit,
    TimeProvider timeProvider,
    IOptions<AgentOptions> options,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain
{
    private string _tenant = "";
    private string _agentId = "";
    private string _stream = "";
    private long _streamVersion;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _agentId) = AgentKey.Parse(GetPrimaryKeyString());
        _stream = AgentAuditCodec.StreamOf(_agentId);
        if (!state.RecordExists)
        {
            return;
        }

        var last = await audit.ReadLastAsync(_tenant, _stream, cancellationToken);
        _streamVersion = last?.StreamVersion ?? 0;
        if (last is not null && last.StreamVersion > state.State.AuditVersion)
        {
            // The record is on disk and the state write after it is not: the record is what happened.
            if (AgentAuditCodec.TransitionTarget(last.Kind, last.Data) is { } status)
            {
                state.State.Status = status;
            }

            state.State.AuditVersion = last.StreamVersion;
            await state.WriteStateAsync(cancellationToken);
        }

        ResumeLiveness();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_heartbeatDirty && state.RecordExists && reason != DeactivationReason.InconsistentState)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task<AgentInfo> RegisterAsync(AgentManifest manifest, AgentSource source, string? manifestPath, string? discoveryToken, string? actor)
    {
        if (state.RecordExists)
        {
            throw new AgentDuplicateException(state.State.Manifest!.Name, state.State.Manifest.Version, _agentId);
        }

        var now = timeProvider.GetUtcNow();
        var status = source == AgentSource.Api ? AgentStatus.Registered : AgentStatus.Discovered;
        var registry = Registry;
        await registry.AddAsync(new AgentRegistryEntry(_agentId, manifest.Name, manifest.Version, manifest.Type, status, source, manifestPath, now), discoveryToken);
        try
        {
            await AppendAsync(AgentAuditCodec.REGISTERED, actor, AgentAuditCodec.Registered(manifest, status, source, manifestPath), now);
            state.State = new AgentState
            {
                AgentId = _agentId,
                Manifest = manifest,
                Status = status,
                Source = source,
                ManifestPath = manifestPath,
                CreatedAt = now,
                UpdatedAt = now,
                AuditVersion = _streamVersion,
                ConfigVersion = 1,
                ConfigHistory = [new AgentConfigVersion(1, "initial", EmptyObject, EmptyObject, actor, null, now)],
            };
            await state.WriteStateAsync();
        }
        catch
        {
            await registry.RemoveAsync(_agentId);
            throw;
        }

        Registered(logger, _tenant, _agentId, manifest.Name, manifest.Version, AgentLifecycle.Name(status));
        return Info();
    }

    public Task<AgentInfo?> GetAsync()
    {
        if (!state.RecordExists)
        {
            // Nothing to keep: asking after unknown ids must not pile up idle activations.
            DeactivateOnIdle();
            return Task.FromResult<AgentInfo?>(null);
        }

        return Task.FromResult<AgentInfo?>(Info());
    }

    public async Task<AgentInfo> UpdateAsync(AgentManifest manifest, string? actor)
    {
        RequireExists();
        var now = timeProvider.GetUtcNow();
        var current = state.State;
        await Registry.UpdateAsync(Entry(current.Status, now, manifest));
        await AppendAsync(AgentAuditCodec.UPDATED, actor, AgentAuditCodec.Registered(manifest, current.Status, current.Source, current.ManifestPath), now);
        current.Manifest = manifest;
        current.UpdatedAt = now;
        _schema = null;
        await WriteAsync();
        return Info();
    }

    public async Task DeleteAsync(string? actor)
    {
        RequireExists();
        var now = timeProvider.GetUtcNow();
        await AppendAsync(AgentAuditCodec.DELETED, actor, AgentAuditCodec.Transition(state.State.Status, state.State.Status, "delete", null), now);
        await Registry.RemoveAsync(_agentId);
        await state.ClearStateAsync();
        DisarmLiveness();
        DisarmRestart();
        _heartbeatDirty = false;
        DeactivateOnIdle();
    }

    private IAgentRegistryGrain Registry => GrainFactory.GetGrain<IAgentRegistryGrain>(_tenant);

    private void RequireExists()
    {
        if (!state.RecordExists)
        {
            DeactivateOnIdle();
            throw new AgentNotFoundException(_agentId);
        }
    }

    /// <summary>Appends one record to the agent's stream, after the version this activation knows; on disk when it returns.</summary>
    private async Task AppendAsync(string kind, string? actor, string data, DateTimeOffset now)
    {
        var record = await audit.AppendAsync(new AuditEntry(_tenant, _stream, kind, actor, data, now, ExpectedVersion: _streamVersion));
        _streamVersion = record.StreamVersion;
        if (state.RecordExists)
        {
            state.State.AuditVersion = _streamVersion;
        }
    }

    private async Task WriteAsync()
    {
        await state.WriteStateAsync();
        _heartbeatDirty = false;
        _lastPersistedAt = timeProvider.GetUtcNow();
    }

    private AgentRegistryEntry Entry(AgentStatus status, DateTimeOffset now, AgentManifest? manifest = null)
    {
        var m = manifest ?? state.State.Manifest!;
        return new AgentRegistryEntry(_agentId, m.Name, m.Version, m.Type, status, state.State.Source, state.State.ManifestPath, now);
    }

    private AgentInfo Info()
    {
        var s = state.State;
        return new AgentInfo(_agentId, s.Manifest!, s.Status, s.Source, s.ManifestPath, s.CreatedAt, s.UpdatedAt, s.LastHeartbeatAt);
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Agent {Tenant}/{AgentId} registered: {Name} {Version}, {Status}")]
    private static partial void Registered(ILogger logger, string tenant, string agentId, string name, string version, string status);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Agent {Tenant}/{AgentId}: {From} -> {To} ({Command}) {Reason}")]
    private static partial void Moved(ILogger logger, string tenant, string agentId, string from, string to, string command, string? reason);
}
