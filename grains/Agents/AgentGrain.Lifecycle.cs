using Beach.Actors.Timers;

namespace Beach.Actors.Agents;

/// <summary>
/// The lifecycle (see <see cref="AgentLifecycle"/>) and the restart policy: a Failed agent is made Running again after
/// its back-off, doubling per restart in a row up to the cap; once the cap is reached it stays Failed until started
/// by hand. A grain timer on the injected clock, not a reminder: 100,000 agents must not cost a durable reminder each.
/// </summary>
internal sealed partial class AgentGrain
{
    /// <summary>Who the audit log names for what the restart policy and the heartbeat watch did.</summary>
    private const string RESTART_ACTOR = "system:restart-policy";
    private const string LIVENESS_ACTOR = "system:liveness";

    private IGrainTimer? _restartTimer;

    public async Task<AgentInfo> TransitionAsync(AgentCommand command, string? actor, string? reason)
    {
        RequireExists();
        var from = state.State.Status;
        var to = AgentLifecycle.Next(from, command)
            ?? throw new AgentTransitionException(_agentId, from, AgentLifecycle.Name(command), AgentLifecycle.Allowed(from));
        if (command == AgentCommand.Start)
        {
            // Started by hand: the restart policy begins afresh.
            state.State.RestartAttempts = 0;
        }

        await MoveAsync(to, AgentLifecycle.Name(command), actor, reason);
        return Info();
    }

    /// <summary>Records the transition (audit first), applies it, writes the state and updates the registry.</summary>
    private async Task MoveAsync(AgentStatus to, string command, string? actor, string? reason)
    {
        var current = state.State;
        var from = current.Status;
        var now = timeProvider.GetUtcNow();
        await AppendAsync(AgentAuditCodec.TRANSITION, actor, AgentAuditCodec.Transition(from, to, command, reason), now);
        current.Status = to;
        current.UpdatedAt = now;
        DisarmRestart();
        current.NextRestartAt = null;
        switch (to)
        {
            case AgentStatus.Running:
                current.StartedAt = now;
                ArmLiveness();
                break;
            case AgentStatus.Failed:
                current.LastFailure = reason;
                DisarmLiveness();
                ScheduleRestart(now);
                break;
            default:
                DisarmLiveness();
                current.RestartAttempts = 0;
                break;
        }

        await WriteAsync();
        await Registry.UpdateAsync(Entry(to, now));
        Moved(logger, _tenant, _agentId, AgentLifecycle.Name(from), AgentLifecycle.Name(to), command, reason);
    }

    private AgentRestartPolicy RestartPolicy => state.State.Manifest!.RestartPolicy ?? options.Value.RestartPolicy;

    /// <summary>Plans the next restart of a Failed agent, if the policy has one left.</summary>
    private void ScheduleRestart(DateTimeOffset now)
    {
        var policy = RestartPolicy;
        var current = state.State;
        if (current.RestartAttempts >= policy.MaxRestarts)
        {
            return;
        }

        current.NextRestartAt = now + policy.BackoffFor(current.RestartAttempts + 1);
        ArmRestart(now);
    }

    private void ArmRestart(DateTimeOffset now)
    {
        if (state.State.NextRestartAt is not { } at)
        {
            return;
        }

        var due = at > now ? at - now : TimeSpan.Zero;
        _restartTimer?.Dispose();
        _restartTimer = RegisterGrainTimer(_ => RestartDueAsync(), new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
    }

    private async Task RestartDueAsync()
    {
        DisarmRestart();
        var current = state.State;
        if (!state.RecordExists || current.Status != AgentStatus.Failed || current.NextRestartAt is null)
        {
            return;
        }

        current.RestartAttempts++;
        var policy = RestartPolicy;
        await MoveAsync(AgentStatus.Running, "restart", RESTART_ACTOR, $"restart {current.RestartAttempts} of {policy.MaxRestarts} after {policy.BackoffFor(current.RestartAttempts).TotalSeconds:0.###} s");
    }

    private void DisarmRestart()
    {
        _restartTimer?.Dispose();
        _restartTimer = null;
    }
}
