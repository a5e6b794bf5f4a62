using Beach.Actors.Timers;

namespace Beach.Actors.Agents;

/// <summary>
/// Heartbeats and the missed-beat watch. A beat only updates fields in memory (storage is written when the health
/// word changes, or at most every <see cref="AgentOptions.HeartbeatPersistInterval"/>); one timer per Running agent
/// is armed for the moment its beats would run out and, when it fires, looks again rather than being moved by each
/// beat, so 100,000 agents beating every 30 s cost no timer work per beat.
/// </summary>
internal sealed partial class AgentGrain
{
    private IGrainTimer? _livenessTimer;
    private DateTimeOffset _activatedAt;
    private DateTimeOffset _lastPersistedAt;
    private bool _heartbeatDirty;

    public async Task<AgentHealth> HeartbeatAsync(AgentHeartbeat heartbeat)
    {
        RequireExists();
        var current = state.State;
        if (current.Status == AgentStatus.Failed)
        {
            // The agent is alive after all: it is Running again, and the policy's count starts afresh.
            current.RestartAttempts = 0;
            await MoveAsync(AgentStatus.Running, "heartbeat", LIVENESS_ACTOR, "a heartbeat arrived while failed");
        }
        else if (current.Status != AgentStatus.Running)
        {
            throw new AgentTransitionException(_agentId, current.Status, "heartbeat", AgentLifecycle.Allowed(current.Status));
        }

        var now = timeProvider.GetUtcNow();
        var changed = !string.Equals(current.Health, heartbeat.Health, StringComparison.Ordinal) || current.RestartAttempts != 0;
        current.LastHeartbeatAt = now;
        current.Health = heartbeat.Health;
        current.UptimeSeconds = heartbeat.UptimeSeconds;
        current.RestartAttempts = 0;
        _heartbeatDirty = true;
        if (heartbeat.Metrics is { Count: > 0 } metrics)
        {
            RecordMetrics(metrics.Select(m => new AgentMetricSample(now, m.Key, m.Value)));
        }

        if (changed || now - _lastPersistedAt >= options.Value.HeartbeatPersistInterval)
        {
            await WriteAsync();
        }

        return Health(now);
    }

    public Task<AgentHealth> GetHealthAsync()
    {
        RequireExists();
        return Task.FromResult(Health(timeProvider.GetUtcNow()));
    }

    private AgentHealth Health(DateTimeOffset now)
    {
        var current = state.State;
        var interval = HeartbeatInterval;
        var missed = current.Status == AgentStatus.Running ? (int)Math.Min(int.MaxValue, (now - LivenessReference) / interval) : 0;
        return new AgentHealth(
            _agentId,
            current.Status,
            current.Health,
            current.LastHeartbeatAt,
            current.UptimeSeconds,
            interval,
            missed,
            options.Value.MissedHeartbeatsBeforeFailure,
            current.RestartAttempts,
            current.NextRestartAt,
            current.LastFailure);
    }

    /// <summary>Since when beats are counted: the last beat, the start, or this activation, whichever is latest.</summary>
    private DateTimeOffset LivenessReference
    {
        get
        {
            var current = state.State;
            var reference = _activatedAt;
            if (current.StartedAt is { } started && started > reference)
            {
                reference = started;
            }

            if (current.LastHeartbeatAt is { } beat && beat > reference)
            {
                reference = beat;
            }

            return reference;
        }
    }

    /// <summary>The beats may stop this long before the agent is Failed: the interval times the missed beats allowed.</summary>
    private TimeSpan LivenessWindow => HeartbeatInterval * options.Value.MissedHeartbeatsBeforeFailure;

    private void ResumeLiveness()
    {
        _activatedAt = timeProvider.GetUtcNow();
        _lastPersistedAt = _activatedAt;
        switch (state.State.Status)
        {
            case AgentStatus.Running:
                ArmLiveness();
                break;
            case AgentStatus.Failed:
                ArmRestart(_activatedAt);
                break;
        }
    }

    private void ArmLiveness()
    {
        var due = TimeUntilFailure(timeProvider.GetUtcNow());
        if (_livenessTimer is null)
        {
            _livenessTimer = RegisterGrainTimer(_ => LivenessDueAsync(), new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan });
        }
        else
        {
            _livenessTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task LivenessDueAsync()
    {
        if (!state.RecordExists || state.State.Status != AgentStatus.Running)
        {
            DisarmLiveness();
            return;
        }

        var now = timeProvider.GetUtcNow();
        if (now - LivenessReference <= LivenessWindow)
        {
            // Beats came since the timer was armed: look again when the newest one runs out.
            _livenessTimer!.Change(TimeUntilFailure(now), Timeout.InfiniteTimeSpan);
            return;
        }

        var missed = (int)((now - LivenessReference) / HeartbeatInterval);
        await MoveAsync(AgentStatus.Failed, "missed_heartbeats", LIVENESS_ACTOR, $"missed {missed} heartbeats of {HeartbeatInterval.TotalSeconds:0.###} s");
    }

    /// <summary>Just past the window: a beat exactly at its end still counts.</summary>
    private TimeSpan TimeUntilFailure(DateTimeOffset now)
    {
        var left = LivenessReference + LivenessWindow - now + TimeSpan.FromTicks(1);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private void DisarmLiveness()
    {
        _livenessTimer?.Dispose();
        _livenessTimer = null;
    }

}
