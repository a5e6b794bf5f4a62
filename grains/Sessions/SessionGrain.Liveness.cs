using Beach.Actors.Audit;
using Beach.Actors.Leases;
using Beach.Actors.Timers;

namespace Beach.Actors.Sessions;

/// <summary>
/// Harness liveness: when heartbeats stop for longer than the deadline the session turns stale, which is recorded,
/// and its lease is released or frozen by the session's policy; the next heartbeat makes it active again.
/// </summary>
internal sealed partial class SessionGrain
{
    private const string STATUS_CHANGED = "status_changed";
    private const string STREAM_PREFIX = "session/";

    private IGrainTimer? _livenessTimer;

    /// <summary>Arms the timer that notices the harness going silent, if it is not armed already.</summary>
    private void ArmLivenessTimer()
    {
        if (_livenessTimer is not null || state.State.LastHeartbeatAt is null)
        {
            return;
        }

        _livenessTimer = RegisterGrainTimer(_ => SerializedAsync(OnLivenessDueAsync), new GrainTimerCreationOptions
        {
            DueTime = TimeUntilStale(timeProvider.GetUtcNow()),
            Period = Timeout.InfiniteTimeSpan,
        });
    }

    private async Task<bool> OnLivenessDueAsync()
    {
        var now = timeProvider.GetUtcNow();
        if (StatusAt(now) != SessionStatus.Stale)
        {
            // A heartbeat came since the timer was armed: look again when the newest one runs out.
            _livenessTimer!.Change(TimeUntilStale(now), Timeout.InfiniteTimeSpan);
            return false;
        }

        _livenessTimer!.Dispose();
        _livenessTimer = null;
        await RecordHarnessSilentAsync(now);
        return true;
    }

    /// <summary>An activation that finds the harness silent applies the policy now: the silo that noticed may be gone.</summary>
    private async Task ResumeLivenessAsync()
    {
        if (state.State.LastHeartbeatAt is null)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        if (StatusAt(now) == SessionStatus.Stale)
        {
            await RecordHarnessSilentAsync(now);
        }
        else
        {
            ArmLivenessTimer();
        }
    }

    private async Task RecordHarnessSilentAsync(DateTimeOffset now)
    {
        if (state.State.StaleRecordedAt is null)
        {
            await AppendStatusChangeAsync(SessionStatus.Active, SessionStatus.Stale, now);
            state.State.StaleRecordedAt = now;
            await WriteStateAsync();
            await PublishAsync(SessionEventKinds.StatusChanged, new { From = Name(SessionStatus.Active), To = Name(SessionStatus.Stale), state.State.LastHeartbeatAt });
        }

        // Idempotent: a lease already released or frozen is left alone, so a repeat after a failure is harmless.
        await GrainFactory.GetGrain<IControllerLeaseGrain>(GetPrimaryKeyString()).OnHarnessSilentAsync(state.State.LeaseOnStale);
    }

    private async Task RecordHarnessBackAsync(DateTimeOffset now)
    {
        await AppendStatusChangeAsync(SessionStatus.Stale, SessionStatus.Active, now);
        state.State.StaleRecordedAt = null;
        if (state.State.LeaseOnStale == StaleLeasePolicy.Freeze)
        {
            await GrainFactory.GetGrain<IControllerLeaseGrain>(GetPrimaryKeyString()).ThawAsync();
        }
    }

    private Task AppendStatusChangeAsync(SessionStatus from, SessionStatus to, DateTimeOffset now)
    {
        var data = $$"""{"from":"{{Name(from)}}","to":"{{Name(to)}}","last_heartbeat_at":"{{state.State.LastHeartbeatAt:O}}"}""";
        return audit.AppendAsync(new AuditEntry(_tenant, STREAM_PREFIX + _sessionId, STATUS_CHANGED, "system:liveness", data, now)).AsTask();
    }

    /// <summary>How long until the session is stale: just past the deadline, since a heartbeat exactly at it still counts.</summary>
    private TimeSpan TimeUntilStale(DateTimeOffset now)
    {
        var left = state.State.LastHeartbeatAt!.Value + options.Value.HeartbeatDeadline - now + TimeSpan.FromTicks(1);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private static string Name(SessionStatus status) => status.ToString().ToLowerInvariant();
}
