using System.Collections.Immutable;
using Beach.Actors.Audit;
using Beach.Actors.Sessions;
using Beach.Actors.Timers;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Leases;

/// <summary>
/// A session's controller lease. Its state is its own stream of controller events in the audit log: activation reads
/// the last event to learn the current lease and the highest fencing token, and every change is one append that
/// names the stream version it follows. So an event is on disk before the caller hears of it, a restart resumes the
/// token sequence, and a duplicate activation's append is refused instead of granting a second lease.
/// </summary>
[GrainType("controller-lease")]
[TenantAuditHomePlacement]
internal sealed class ControllerLeaseGrain(IAuditLog audit, TimeProvider timeProvider, IOptions<LeaseOptions> options)
    : Grain, IControllerLeaseGrain
{
    /// <summary>Who the audit log names for what the session's liveness did to the lease.</summary>
    private const string HARNESS_SILENT_ACTOR = "system:liveness";
    private const string HARNESS_SILENT_REASON = "the harness missed its heartbeat deadline";

    private string _tenant = "";
    private string _sessionId = "";
    private string _stream = "";
    private long _streamVersion;
    private long _highestFencingToken;
    private LeaseGrant? _current;

    // While the harness is silent under the freeze policy: when the lease was frozen. A frozen lease cannot expire.
    private DateTimeOffset? _frozenAt;
    private bool _sessionKnown;
    private IGrainTimer? _expiryTimer;
    private Streams.IAsyncStream<SessionEvent>? _events;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_tenant, _sessionId) = SessionKey.Parse(GetPrimaryKeyString());
        _stream = ControllerEventCodec.StreamOf(_sessionId);
        var last = await audit.ReadLastAsync(_tenant, _stream, cancellationToken);
        if (last is null)
        {
            return;
        }

        // Any event means the session existed when it was written.
        _sessionKnown = true;
        _streamVersion = last.StreamVersion;
        var lease = ControllerEventCodec.DecodeLease(last.Data);
        _highestFencingToken = lease.FencingToken;
        switch (ControllerEventCodec.ParseKind(last.Kind))
        {
            case ControllerEventKind.Granted or ControllerEventKind.Renewed or ControllerEventKind.Thawed:
                _current = lease;
                await ExpireIfDueAsync();
                ArmExpiryTimer();
                break;
            case ControllerEventKind.Frozen:
                _current = lease;
                _frozenAt = last.At;
                break;
        }
    }

    public async Task<LeaseGrant> AcquireAsync(string controllerId, TimeSpan ttl)
    {
        ValidateTtl(ttl);
        await EnsureSessionExistsAsync();
        await ExpireIfDueAsync();
        if (_current is { } held)
        {
            throw new LeaseHeldException(held.ControllerId, held.ExpiresAt);
        }

        var grant = new LeaseGrant(Guid.NewGuid().ToString("N"), controllerId, _highestFencingToken + 1, Now() + ttl);
        await AppendAsync(ControllerEventKind.Granted, grant);
        _highestFencingToken = grant.FencingToken;
        _current = grant;
        ArmExpiryTimer();
        return grant;
    }

    public async Task<LeaseGrant> RenewAsync(string leaseId, string? controllerId, TimeSpan ttl)
    {
        ValidateTtl(ttl);
        await ExpireIfDueAsync();
        var current = await RequireCurrentAsync(leaseId);
        if (controllerId is not null && controllerId != current.ControllerId)
        {
            throw new LeaseNotHeldException(leaseId, $"it belongs to controller '{current.ControllerId}', not '{controllerId}'");
        }

        if (_frozenAt is not null)
        {
            // A frozen lease cannot expire, so there is nothing to extend: its clock runs again when the harness is back.
            return current;
        }

        var renewed = current with { ExpiresAt = Now() + ttl };
        await AppendAsync(ControllerEventKind.Renewed, renewed);
        _current = renewed;
        ArmExpiryTimer();
        return renewed;
    }

    public async Task ReleaseAsync(string leaseId)
    {
        await ExpireIfDueAsync();
        var current = await RequireCurrentAsync(leaseId);
        await AppendAsync(ControllerEventKind.Released, current);
        _current = null;
        _frozenAt = null;
    }

    public async Task<LeaseGrant?> RevokeAsync(string actor, string reason)
    {
        await ExpireIfDueAsync();
        if (_current is not { } current)
        {
            return null;
        }

        await AppendAsync(ControllerEventKind.Revoked, current, actor, reason);
        _current = null;
        _frozenAt = null;
        return current;
    }

    public async Task<LeaseGrant?> OnHarnessSilentAsync(StaleLeasePolicy policy)
    {
        await ExpireIfDueAsync();
        if (_current is not { } current || _frozenAt is not null)
        {
            return null;
        }

        if (policy == StaleLeasePolicy.Freeze)
        {
            var frozen = await AppendAsync(ControllerEventKind.Frozen, current, HARNESS_SILENT_ACTOR, HARNESS_SILENT_REASON);
            _frozenAt = frozen.At;
            return current;
        }

        await AppendAsync(ControllerEventKind.Released, current, HARNESS_SILENT_ACTOR, HARNESS_SILENT_REASON);
        _current = null;
        return current;
    }

    public async Task<LeaseGrant?> ThawAsync()
    {
        if (_current is not { } current || _frozenAt is not { } frozenAt)
        {
            return null;
        }

        // The lease gets back the time it had left when the harness went silent, and at least the shortest TTL, so
        // its controller has a moment to renew.
        var left = current.ExpiresAt - frozenAt;
        var thawed = current with { ExpiresAt = Now() + (left > options.Value.MinTtl ? left : options.Value.MinTtl) };
        await AppendAsync(ControllerEventKind.Thawed, thawed, HARNESS_SILENT_ACTOR, "the harness is back");
        _current = thawed;
        _frozenAt = null;
        ArmExpiryTimer();
        return thawed;
    }

    public Task<LeaseGrant?> GetCurrentAsync()
        => Task.FromResult(_current is { } lease && (_frozenAt is not null || lease.ExpiresAt > timeProvider.GetUtcNow()) ? lease : null);

    public async Task<ImmutableArray<ControllerEvent>> GetEventsAsync(long afterSeq, int limit)
    {
        var records = await audit.ReadStreamAsync(_tenant, _stream, afterSeq, limit);
        if (records.Count == 0 && _streamVersion == 0)
        {
            await EnsureSessionExistsAsync();
        }

        return [.. records.Select(ControllerEventCodec.Decode)];
    }

    private async Task<LeaseGrant> RequireCurrentAsync(string leaseId)
    {
        if (_current is not { } current)
        {
            await EnsureSessionExistsAsync();
            throw new LeaseNotHeldException(leaseId, "the session has no current lease");
        }

        if (current.LeaseId != leaseId)
        {
            throw new LeaseNotHeldException(leaseId, "another lease was granted since");
        }

        return current;
    }

    /// <summary>The audit log keeps milliseconds; so does every time a lease hands out, so the two always agree.</summary>
    private DateTimeOffset Now()
    {
        var now = timeProvider.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMillisecond));
    }

    private void ValidateTtl(TimeSpan ttl)
    {
        var bounds = options.Value;
        if (ttl < bounds.MinTtl || ttl > bounds.MaxTtl)
        {
            throw new ArgumentOutOfRangeException(
                nameof(ttl), ttl, $"A lease lasts from {bounds.MinTtl.TotalMilliseconds} to {bounds.MaxTtl.TotalMilliseconds} ms.");
        }
    }

    private async Task EnsureSessionExistsAsync()
    {
        if (_sessionKnown)
        {
            return;
        }

        var session = await GrainFactory.GetGrain<ISessionGrain>(GetPrimaryKeyString()).GetAsync();
        if (session is null)
        {
            // A lease of a session that does not exist has nothing to keep in memory.
            DeactivateOnIdle();
            throw new SessionNotFoundException(_sessionId);
        }

        _sessionKnown = true;
    }

    private async Task ExpireIfDueAsync()
    {
        if (_current is { } lease && _frozenAt is null && lease.ExpiresAt <= timeProvider.GetUtcNow())
        {
            await AppendAsync(ControllerEventKind.Expired, lease);
            _current = null;
        }
    }

    /// <summary>Appends the event and waits until it is on disk; state changes only after this returns.</summary>
    private async Task<AuditRecord> AppendAsync(ControllerEventKind kind, LeaseGrant lease, string? actor = null, string? reason = null)
    {
        var record = await audit.AppendAsync(new AuditEntry(
            _tenant,
            _stream,
            ControllerEventCodec.KindName(kind),
            actor ?? lease.ControllerId,
            ControllerEventCodec.Encode(lease, reason),
            Now(),
            ExpectedVersion: _streamVersion));
        _streamVersion = record.StreamVersion;
        _events ??= GetStreamProvider().GetStream<SessionEvent>(SessionEvents.StreamOfGrainKey(GetPrimaryKeyString()));
        await LeaseEventPublisher.PublishAsync(_events, kind, lease, record.At, actor, reason);
        return record;
    }

    private async Task OnExpiryDueAsync()
    {
        try
        {
            await ExpireIfDueAsync();
        }
        catch (OverloadedException overloaded)
        {
            // The audit writer is full: the lease is already unusable (reads check the clock), but its expiry must
            // still be recorded, so try again rather than wait for the next call to notice.
            _expiryTimer?.Change(overloaded.RetryAfter, Timeout.InfiniteTimeSpan);
        }
    }

    private void ArmExpiryTimer()
    {
        if (_current is not { } lease || _frozenAt is not null)
        {
            return;
        }

        var due = lease.ExpiresAt - timeProvider.GetUtcNow();
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        if (_expiryTimer is null)
        {
            _expiryTimer = RegisterGrainTimer(_ => OnExpiryDueAsync(), new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan });
        }
        else
        {
            _expiryTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }
}
