using Beach.Actors.Persistence;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Sessions;

/// <summary>A session's registration and liveness. Status is derived from the clock, so an idle session needs no timer.</summary>
[GrainType("session")]
internal sealed class SessionGrain(
    [PersistentState("session")] IPersistentState<SessionState> state,
    TimeProvider timeProvider,
    IOptions<SessionOptions> options) : Grain, ISessionGrain
{
    private DateTimeOffset? _lastPersistedHeartbeat;
    private bool _heartbeatDirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastPersistedHeartbeat = state.State.LastHeartbeatAt;
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_heartbeatDirty && reason != DeactivationReason.InconsistentState)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task<SessionInfo> RegisterAsync(SessionRegistration registration)
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
        };
        await state.WriteStateAsync();
        _lastPersistedHeartbeat = state.State.LastHeartbeatAt;
        _heartbeatDirty = false;
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

    public async Task<SessionInfo> HeartbeatAsync(string? health)
    {
        if (!state.RecordExists)
        {
            DeactivateOnIdle();
            throw new SessionNotFoundException(SessionKey.Parse(GetPrimaryKeyString()).SessionId);
        }

        var now = timeProvider.GetUtcNow();
        var statusBefore = StatusAt(now);
        var healthChanged = health is not null && health != state.State.HarnessHealth;
        state.State.LastHeartbeatAt = now;
        state.State.HarnessHealth = health ?? state.State.HarnessHealth;
        _heartbeatDirty = true;

        var persistDue = _lastPersistedHeartbeat is not { } persisted || now - persisted >= options.Value.HeartbeatPersistInterval;
        if (persistDue || healthChanged || statusBefore != SessionStatus.Active)
        {
            await state.WriteStateAsync();
            _lastPersistedHeartbeat = now;
            _heartbeatDirty = false;
        }

        return Snapshot(now);
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
