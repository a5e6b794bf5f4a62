using System.Collections.Immutable;
using Beach.Actors.Agents;
using Beach.Actors.Audit;
using Beach.Actors.Leases;
using Beach.Actors.Persistence;
using Beach.Actors.Sessions;
using Beach.Actors.Timers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Onboarding;

/// <summary>
/// One onboarding (see <see cref="IAgentAssignmentGrain"/>). Its state is in grain storage, each change recorded first
/// in its audit stream <c>assignment/{id}</c>. A grain timer on the injected clock ends it when its newest token
/// expires unrefreshed (its leases expire with the token, since both get the same lifetime), so the tenant's slot is
/// freed. The anomaly rule's counters live in the activation only: a new activation starts them from zero.
/// </summary>
[GrainType("agent-assignment")]
internal sealed partial class AgentAssignmentGrain(
    [PersistentState("agent-assignment")] IPersistentState<AgentAssignmentState> state,
    IAuditLog audit,
    TimeProvider timeProvider,
    IOptions<OnboardingOptions> options,
    ILogger<AgentAssignmentGrain> logger) : Grain, IAgentAssignmentGrain
{
    /// <summary>Who the audit log names for what the control plane itself did.</summary>
    private const string ANOMALY_ACTOR = "system:anomaly";
    private const string LAPSE_ACTOR = "system:onboarding";

    private static readonly TimeSpan s_rateWindow = TimeSpan.FromSeconds(1);

    private string _tenant = "";
    private string _assignmentId = "";
    private string _stream = "";
    private IGrainTimer? _lapseTimer;
    private readonly AnomalyCounters _anomaly = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = GetPrimaryKeyString();
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        (_tenant, _assignmentId) = (key[..slash], key[(slash + 1)..]);
        _stream = "assignment/" + _assignmentId;
        if (state.State.Assignment is { Status: AssignmentStatus.Active })
        {
            ArmLapseTimer();
        }

        return Task.CompletedTask;
    }

    public async Task<AgentAssignment> OnboardAsync(OnboardCommand command)
    {
        if (state.State.Assignment is not null)
        {
            throw new InvalidOperationException($"Assignment '{_assignmentId}' exists already; each onboarding takes a new id.");
        }

        var limits = options.Value;
        var agent = await GrainFactory.GetGrain<IAgentGrain>(AgentKey.For(_tenant, command.AgentId)).GetAsync()
                    ?? throw new AgentNotFoundException(command.AgentId);
        if (agent.Status is AgentStatus.Retired or AgentStatus.Discovered)
        {
            throw new AgentNotOnboardableException(command.AgentId, AgentLifecycle.Name(agent.Status));
        }

        var template = await GrainFactory.GetGrain<IOnboardingTemplateGrain>(_tenant).GetAsync(command.TemplateId, command.TemplateVersion)
                       ?? throw new TemplateNotFoundException(command.TemplateId, command.TemplateVersion);
        var entitlements = await GrainFactory.GetGrain<ITenantGrain>(_tenant).GetEntitlementsAsync();
        var harnessTypes = new List<string>();
        var mismatches = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < command.SessionIds.Length; i++)
        {
            var sessionId = command.SessionIds[i];
            var session = await GrainFactory.GetGrain<ISessionGrain>(SessionKey.For(_tenant, sessionId)).GetAsync()
                          ?? throw new SessionNotFoundException(sessionId);
            if (!entitlements.Allows(session.HarnessType))
            {
                throw new NotEntitledException("allowed_harness_types",
                    $"session '{sessionId}' has harness type '{session.HarnessType}', and the tenant is entitled to {string.Join(", ", entitlements.AllowedHarnessTypes!.Value)} only; ask an admin to change PUT /tenant/entitlements.");
            }

            if (!template.HarnessTypes.Contains(session.HarnessType, StringComparer.Ordinal))
            {
                mismatches[$"session_ids[{i}]"] = $"session '{sessionId}' has harness type '{session.HarnessType}', which template '{template.TemplateId}' v{template.Version} does not drive.";
            }

            harnessTypes.Add(session.HarnessType);
        }

        if (mismatches.Count > 0)
        {
            throw new HarnessTypeMismatchException(template.TemplateId, template.HarnessTypes, mismatches.ToImmutable());
        }

        var tenant = GrainFactory.GetGrain<ITenantGrain>(_tenant);
        if (await tenant.GetAssignmentOfAsync(command.AgentId) is { } standing && standing != _assignmentId)
        {
            // An assignment whose token ran out frees its slot on its timer; ask it now in case the timer is behind.
            await GrainFactory.GetGrain<IAgentAssignmentGrain>($"{_tenant}/{standing}").LapseIfDueAsync();
        }

        await tenant.ReserveOnboardingAsync(command.AgentId, _assignmentId);
        var lifetime = limits.EffectiveTokenLifetime;
        var sessions = ImmutableArray.CreateBuilder<AssignedSession>();
        try
        {
            for (var i = 0; i < command.SessionIds.Length; i++)
            {
                var grant = await Lease(command.SessionIds[i]).AcquireAsync(command.AgentId, lifetime);
                sessions.Add(new AssignedSession(command.SessionIds[i], harnessTypes[i], grant.LeaseId, grant.FencingToken, grant.ExpiresAt));
            }
        }
        catch
        {
            foreach (var held in sessions)
            {
                await ReleaseQuietlyAsync(held);
            }

            await tenant.ReleaseOnboardingAsync(command.AgentId, _assignmentId);
            throw;
        }

        var now = timeProvider.GetUtcNow();
        var assignment = new AgentAssignment(
            _assignmentId, command.AgentId, template, sessions.ToImmutable(), template.Scopes, AssignmentStatus.Active, null, now, null,
            NewTokenId(), now, now + lifetime, 1);
        await AppendAsync(OnboardingAuditCodec.ONBOARDED, command.Actor, now,
            ("agent_id", command.AgentId), ("template_id", template.TemplateId), ("template_version", template.Version),
            ("sessions", SessionIds(assignment)), ("leases", LeaseIds(assignment)), ("scopes", assignment.Scopes),
            ("token_id", assignment.TokenId), ("token_expires_at", assignment.TokenExpiresAt));
        state.State.Assignment = assignment;
        await state.WriteStateAsync();
        ArmLapseTimer();
        Onboarded(logger, _tenant, command.AgentId, _assignmentId, template.TemplateId, template.Version, assignment.Sessions.Length);
        return assignment;
    }

    public async Task<AgentAssignment> RefreshAsync(string? actor)
    {
        var assignment = await RequireActiveAsync();
        var lifetime = options.Value.EffectiveTokenLifetime;
        var renewed = ImmutableArray.CreateBuilder<AssignedSession>();
        foreach (var session in assignment.Sessions)
        {
            try
            {
                var grant = await Lease(session.SessionId).RenewAsync(session.LeaseId, assignment.AgentId, lifetime);
                renewed.Add(session with { LeaseExpiresAt = grant.ExpiresAt });
            }
            catch (LeaseNotHeldException lost)
            {
                var reason = $"the controller lease on session '{session.SessionId}' was lost ({lost.Message}); onboard the agent again.";
                await EndCoreAsync(AssignmentStatus.Ended, OnboardingAuditCodec.ENDED, LAPSE_ACTOR, reason, "lease_lost", revokeLeases: false);
                throw new AssignmentEndedException(_assignmentId, "ended", reason);
            }
        }

        var now = timeProvider.GetUtcNow();
        var refreshed = assignment with
        {
            Sessions = renewed.ToImmutable(),
            TokenId = NewTokenId(),
            TokenIssuedAt = now,
            TokenExpiresAt = now + lifetime,
            TokensIssued = assignment.TokensIssued + 1,
        };
        await AppendAsync(OnboardingAuditCodec.TOKEN_REFRESHED, actor, now, ("agent_id", assignment.AgentId), ("token_id", refreshed.TokenId), ("token_expires_at", refreshed.TokenExpiresAt));
        state.State.Assignment = refreshed;
        await state.WriteStateAsync();
        ArmLapseTimer();
        return refreshed;
    }

    public Task<AgentAssignment?> GetAsync() => Task.FromResult(state.State.Assignment);

    public Task<AssignmentCheck> CheckAsync()
    {
        if (state.State.Assignment is not { } assignment)
        {
            DeactivateOnIdle();
            return Task.FromResult(new AssignmentCheck(false, null, "no such assignment", null));
        }

        return Task.FromResult(new AssignmentCheck(assignment.Status == AssignmentStatus.Active, assignment.Status, assignment.EndReason, assignment.EndedAt));
    }

    public async Task<bool> RecordActivityAsync(int acceptedActions, int staleFencingTokens)
    {
        if (state.State.Assignment is not { Status: AssignmentStatus.Active })
        {
            return false;
        }

        var limits = options.Value;
        var now = timeProvider.GetUtcNow();
        if (acceptedActions > 0 && _anomaly.CountActions(now, s_rateWindow, acceptedActions) is var actions && actions > limits.MaxActionsPerSecond)
        {
            await EndCoreAsync(AssignmentStatus.Revoked, OnboardingAuditCodec.REVOKED, ANOMALY_ACTOR,
                $"anomaly: {actions} actions within one second, above the limit of {limits.MaxActionsPerSecond} per second.", "actions_per_second", revokeLeases: true);
            return true;
        }

        if (staleFencingTokens > 0 && _anomaly.CountStale(now, limits.StaleFencingWindow, staleFencingTokens, limits.MaxStaleFencingTokens) is var stale
            && stale >= limits.MaxStaleFencingTokens)
        {
            await EndCoreAsync(AssignmentStatus.Revoked, OnboardingAuditCodec.REVOKED, ANOMALY_ACTOR,
                $"anomaly: {stale} stale fencing tokens within {limits.StaleFencingWindow.TotalSeconds:0} s, the limit.", "stale_fencing_tokens", revokeLeases: true);
            return true;
        }

        return false;
    }

    public async Task<bool> EndAsync(string? actor, string? reason)
    {
        if (state.State.Assignment is not { Status: AssignmentStatus.Active })
        {
            return false;
        }

        await EndCoreAsync(AssignmentStatus.Ended, OnboardingAuditCodec.ENDED, actor, reason ?? "offboarded", "offboarded", revokeLeases: false);
        return true;
    }

    private async Task<AgentAssignment> RequireActiveAsync()
    {
        if (state.State.Assignment is not { } assignment)
        {
            DeactivateOnIdle();
            throw new AssignmentNotFoundException(_assignmentId);
        }

        if (assignment.Status == AssignmentStatus.Active && timeProvider.GetUtcNow() >= assignment.TokenExpiresAt)
        {
            await LapseAsync();
        }

        var current = state.State.Assignment!;
        return current.Status == AssignmentStatus.Active
            ? current
            : throw new AssignmentEndedException(_assignmentId, current.Status == AssignmentStatus.Revoked ? "revoked" : "ended", current.EndReason ?? "ended");
    }

    /// <summary>
    /// Ends the assignment: first its record and state (from then on every token of it is refused), then its leases:
    /// revoked with an emergency stop (which also cancels what the agent queued) or released; a lease no longer the
    /// agent's is left alone. Last, the tenant's slot is freed.
    /// </summary>
    private async Task EndCoreAsync(AssignmentStatus status, string kind, string? actor, string reason, string rule, bool revokeLeases)
    {
        var assignment = state.State.Assignment!;
        var now = timeProvider.GetUtcNow();
        await AppendAsync(kind, actor, now, ("agent_id", assignment.AgentId), ("rule", rule), ("reason", reason),
            ("sessions", SessionIds(assignment)), ("leases", LeaseIds(assignment)), ("tokens_issued", assignment.TokensIssued), ("last_token_id", assignment.TokenId));
        state.State.Assignment = assignment with { Status = status, EndReason = reason, EndedAt = now };
        await state.WriteStateAsync();
        _lapseTimer?.Dispose();
        _lapseTimer = null;
        foreach (var session in assignment.Sessions)
        {
            if (revokeLeases)
            {
                if (await Lease(session.SessionId).GetCurrentAsync() is { } current && current.LeaseId == session.LeaseId)
                {
                    await GrainFactory.GetGrain<ISessionGrain>(SessionKey.For(_tenant, session.SessionId)).EmergencyStopAsync(actor ?? ANOMALY_ACTOR, reason);
                }
            }
            else
            {
                await ReleaseQuietlyAsync(session);
            }
        }

        await GrainFactory.GetGrain<ITenantGrain>(_tenant).ReleaseOnboardingAsync(assignment.AgentId, _assignmentId);
        Ended(logger, _tenant, assignment.AgentId, _assignmentId, rule, reason);
    }

    private async Task LapseAsync()
    {
        var assignment = state.State.Assignment!;
        await EndCoreAsync(AssignmentStatus.Ended, OnboardingAuditCodec.ENDED, LAPSE_ACTOR,
            $"lapsed: no token was refreshed before {assignment.TokenExpiresAt:O}; onboard the agent again.", "lapsed", revokeLeases: false);
    }

    private void ArmLapseTimer()
    {
        var due = state.State.Assignment!.TokenExpiresAt - timeProvider.GetUtcNow();
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due;
        if (_lapseTimer is null)
        {
            _lapseTimer = RegisterGrainTimer(_ => LapseDueAsync(), new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan });
        }
        else
        {
            _lapseTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    public Task LapseIfDueAsync() => LapseDueAsync();

    private async Task LapseDueAsync()
    {
        if (state.State.Assignment is { Status: AssignmentStatus.Active } assignment && timeProvider.GetUtcNow() >= assignment.TokenExpiresAt)
        {
            await LapseAsync();
        }
    }

    private async Task ReleaseQuietlyAsync(AssignedSession session)
    {
        try
        {
            await Lease(session.SessionId).ReleaseAsync(session.LeaseId);
        }
        catch (LeaseNotHeldException)
        {
            // Expired or taken over since: nothing of the agent's to give back.
        }
    }

    private IControllerLeaseGrain Lease(string sessionId) => GrainFactory.GetGrain<IControllerLeaseGrain>(SessionKey.For(_tenant, sessionId));

    private async Task AppendAsync(string kind, string? actor, DateTimeOffset now, params (string Name, object? Value)[] fields)
        => await audit.AppendAsync(new AuditEntry(_tenant, _stream, kind, actor, OnboardingAuditCodec.Object(fields), now));

    private static string NewTokenId() => Guid.NewGuid().ToString("N");

    private static ImmutableArray<string> SessionIds(AgentAssignment assignment) => [.. assignment.Sessions.Select(s => s.SessionId)];

    private static ImmutableArray<string> LeaseIds(AgentAssignment assignment) => [.. assignment.Sessions.Select(s => s.LeaseId)];

    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "Agent {Tenant}/{AgentId} onboarded as {AssignmentId} with template {TemplateId} v{Version} on {Sessions} sessions")]
    private static partial void Onboarded(ILogger logger, string tenant, string agentId, string assignmentId, string templateId, int version, int sessions);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Assignment {Tenant}/{AssignmentId} of agent {AgentId} ended ({Rule}): {Reason}")]
    private static partial void Ended(ILogger logger, string tenant, string agentId, string assignmentId, string rule, string reason);
}

/// <summary>What an assignment keeps in grain storage.</summary>
internal sealed class AgentAssignmentState
{
    public AgentAssignment? Assignment { get; set; }
}
