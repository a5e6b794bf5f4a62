using Beach.Actors.Actions;
using Beach.Actors.Audit;
using Beach.Actors.Persistence;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Sessions;

/// <summary>
/// A session's registration, liveness and action queue. Status is derived from the clock; a timer only notices the
/// moment the harness goes silent, to apply the lease policy. The action queue lives in memory and its durable form
/// is the session's action stream in the audit log (see <see cref="ActionRecordCodec"/>).
/// The grain is reentrant so that a harness's long poll never holds up its heartbeats or its controller; every
/// method that changes state runs under <see cref="SerializedAsync{T}"/>, one at a time, as turns otherwise would.
/// </summary>
[GrainType("session")]
[TenantAuditHomePlacement]
[Reentrant]
internal sealed partial class SessionGrain(
    [PersistentState("session")] IPersistentState<SessionState> state,
    IAuditLog audit,
    TimeProvider timeProvider,
    IOptions<SessionOptions> options,
    IOptions<ActionQueueOptions> actionOptions) : Grain, ISessionGrain
{
    private readonly SemaphoreSlim _changing = new(1, 1);
    private DateTimeOffset? _lastPersistedHeartbeat;
    private bool _heartbeatDirty;
    private string _tenant = "";
    private string _sessionId = "";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _sessionId) = SessionKey.Parse(GetPrimaryKeyString());
        _actionStream = ActionRecordCodec.StreamOf(_sessionId);
        _lastPersistedHeartbeat = state.State.LastHeartbeatAt;
        if (state.RecordExists)
        {
            await ReplayActionsAsync(cancellationToken);
            await ResumeLivenessAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if ((_heartbeatDirty || CheckpointMoved) && reason != DeactivationReason.InconsistentState)
        {
            await WriteStateAsync(cancellationToken);
        }
    }

    public Task<SessionInfo> RegisterAsync(SessionRegistration registration) => SerializedAsync(() => RegisterCoreAsync(registration));

    public Task<SessionInfo> HeartbeatAsync(string? health) => SerializedAsync(() => HeartbeatCoreAsync(health));

    private async Task<SessionInfo> RegisterCoreAsync(SessionRegistration registration)
    {
        var (_, sessionId) = SessionKey.Parse(GetPrimaryKeyString());
        var current = state.State;
        if (state.RecordExists && current.HarnessId != registration.HarnessId)
        {
            throw new SessionConflictException(sessionId, current.HarnessId!);
        }

        var now = timeProvider.GetUtcNow();
        state.State = new SessionState
        {
            SessionId = sessionId,
            HarnessId = registration.HarnessId,
            HarnessType = registration.HarnessType,
            Capabilities = [.. registration.Capabilities],
            Metadata = registration.Metadata.ValueKind == System.Text.Json.JsonValueKind.Undefined ? null : registration.Metadata.Clone(),
            RegisteredAt = state.RecordExists ? current.RegisteredAt : now,
            LastHeartbeatAt = current.LastHeartbeatAt,
            HarnessHealth = current.HarnessHealth,
            LeaseOnStale = registration.LeaseOnStale,
            StaleRecordedAt = current.StaleRecordedAt,
            Actions = current.Actions,
        };
        await WriteStateAsync();
        _lastPersistedHeartbeat = state.State.LastHeartbeatAt;
        _heartbeatDirty = false;
        await PublishAsync(SessionEventKinds.Registered, new { registration.HarnessId, registration.HarnessType, registration.Capabilities });
        return Snapshot(now);
    }

    public Task<SessionInfo?> GetAsync()
    {
        if (!state.RecordExists)
        {
            // Nothing to keep: asking after unknown ids must not pile up idle activations.
            DeactivateOnIdle();
            return Task.FromResult<SessionInfo?>(null);
        }

        return Task.FromResult<SessionInfo?>(Snapshot(timeProvider.GetUtcNow()));
    }

    private async Task<SessionInfo> HeartbeatCoreAsync(string? health)
    {
        if (!state.RecordExists)
        {
            DeactivateOnIdle();
            throw new SessionNotFoundException(SessionKey.Parse(GetPrimaryKeyString()).SessionId);
        }

        var now = timeProvider.GetUtcNow();
        var statusBefore = StatusAt(now);
        var healthChanged = health is not null && health != state.State.HarnessHealth;
        if (statusBefore == SessionStatus.Stale || state.State.StaleRecordedAt is not null)
        {
            await RecordHarnessBackAsync(now);
        }

        state.State.LastHeartbeatAt = now;
        state.State.HarnessHealth = health ?? state.State.HarnessHealth;
        _heartbeatDirty = true;

        var persistDue = _lastPersistedHeartbeat is not { } persisted || now - persisted >= options.Value.HeartbeatPersistInterval;
        if (persistDue || healthChanged || statusBefore != SessionStatus.Active)
        {
            await WriteStateAsync();
            _lastPersistedHeartbeat = now;
        }

        if (healthChanged)
        {
            await PublishAsync(SessionEventKinds.HealthChanged, new { Health = health });
        }

        if (statusBefore != SessionStatus.Active)
        {
            await PublishAsync(SessionEventKinds.StatusChanged, new { From = Name(statusBefore), To = Name(SessionStatus.Active) });
        }

        ArmLivenessTimer();
        return Snapshot(now);
    }

    /// <summary>Runs a change alone: the grain interleaves requests, but no two changes of its state overlap.</summary>
    private async Task<T> SerializedAsync<T>(Func<Task<T>> change)
    {
        await _changing.WaitAsync();
        try
        {
            return await change();
        }
        finally
        {
            _changing.Release();
        }
    }

    /// <summary>Writes the state with the latest action checkpoint.</summary>
    private async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var checkpoint = _checkpoint;
        state.State.Actions = checkpoint;
        await state.WriteStateAsync(cancellationToken);
        _persistedCheckpoint = checkpoint;
        _heartbeatDirty = false;
    }

    private SessionStatus StatusAt(DateTimeOffset now) => state.State.LastHeartbeatAt switch
    {
        null => SessionStatus.Registered,
        { } last when now - last <= options.Value.HeartbeatDeadline => SessionStatus.Active,
        _ => SessionStatus.Stale,
    };

    private SessionInfo Snapshot(DateTimeOffset now)
    {
        var current = state.State;
        return new SessionInfo(
            current.SessionId!,
            current.HarnessId!,
            current.HarnessType!,
            [.. current.Capabilities],
            current.Metadata ?? default,
            StatusAt(now),
            current.HarnessHealth,
            current.RegisteredAt,
            current.LastHeartbeatAt);
    }
}
