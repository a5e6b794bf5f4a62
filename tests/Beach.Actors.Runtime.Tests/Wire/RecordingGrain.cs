using System.Collections.Immutable;
using Beach.Actors.Actions;
using Beach.Actors.Leases;
using Beach.Actors.Sessions;

namespace Beach.Actors.Runtime.Tests.Wire;

/// <summary>Stands in for the activation on the receiving silo, keeping the arguments each call delivered.</summary>
internal sealed class RecordingGrain : IWireProbeGrain, ISessionGrain, IControllerLeaseGrain
{
    public List<object?> Arguments { get; } = [];

    public CancellationToken LastToken { get; private set; }

    public Task<WireOrder> Place(WireOrder order, CancellationToken cancellationToken)
    {
        LastToken = cancellationToken;
        return Task.FromResult(Record(order));
    }

    public ValueTask<int> Count(ImmutableArray<string> items, int? limit)
    {
        Record(items);
        Record(limit);
        return new(items.IsDefault ? -1 : items.Length);
    }

    public Task Ping() => Task.CompletedTask;

    public ValueTask Touch(string note)
    {
        Record(note);
        return default;
    }

    public Task<WireOrder?> Find(string id) => Task.FromResult<WireOrder?>(null);

    public Task<(int A, string B)> Pair(Dictionary<string, List<int>> map) => Task.FromResult((Record(map).Count, "b"));

    public Task<WireCustomer> Greet(WireCustomer customer) => Task.FromResult(Record(customer));

    public Task<SessionInfo> RegisterAsync(SessionRegistration registration)
    {
        Record(registration);
        return Task.FromResult<SessionInfo>(null!);
    }

    public Task<SessionInfo?> GetAsync() => Task.FromResult<SessionInfo?>(null);

    public Task<SessionInfo> HeartbeatAsync(string? health)
    {
        Record(health);
        return Task.FromResult<SessionInfo>(null!);
    }

    public Task<LeaseGrant> AcquireAsync(string controllerId, TimeSpan ttl)
    {
        Record(controllerId);
        Record(ttl);
        return Task.FromResult<LeaseGrant>(null!);
    }

    public Task<LeaseGrant> RenewAsync(string leaseId, string? controllerId, TimeSpan ttl)
    {
        Record(leaseId);
        Record(controllerId);
        Record(ttl);
        return Task.FromResult<LeaseGrant>(null!);
    }

    public Task ReleaseAsync(string leaseId)
    {
        Record(leaseId);
        return Task.CompletedTask;
    }

    public Task<LeaseGrant?> GetCurrentAsync() => Task.FromResult<LeaseGrant?>(null);

    public Task<ImmutableArray<ControllerEvent>> GetEventsAsync(long afterSeq, int limit)
    {
        Record(afterSeq);
        Record(limit);
        return Task.FromResult(ImmutableArray<ControllerEvent>.Empty);
    }

    public Task<EnqueueResult> EnqueueActionsAsync(ActionBatch batch) => Task.FromResult(new EnqueueResult([.. Record(batch).Actions.Select((_, i) => new AcceptedAction(i + 1, null))], 0, 0));

    public Task<ImmutableArray<QueuedAction>> PollActionsAsync(int max, TimeSpan wait, CancellationToken cancellationToken)
    {
        Record(max);
        Record(wait);
        return Task.FromResult(ImmutableArray<QueuedAction>.Empty);
    }

    public Task<AckResult> AckActionsAsync(ImmutableArray<ActionAck> acks) => Task.FromResult(new AckResult([], Record(acks).Length));

    public Task<ImmutableArray<QueuedAction>> GetPendingActionsAsync() => Task.FromResult(ImmutableArray<QueuedAction>.Empty);

    public Task<ActionStats> GetActionStatsAsync() => Task.FromResult<ActionStats>(null!);

    public Task<EmergencyStopResult> EmergencyStopAsync(string actor, string reason)
    {
        Record(actor);
        Record(reason);
        return Task.FromResult(new EmergencyStopResult(null, null, 0, DateTimeOffset.UnixEpoch));
    }

    public Task<LeaseGrant?> RevokeAsync(string actor, string reason)
    {
        Record(actor);
        Record(reason);
        return Task.FromResult<LeaseGrant?>(null);
    }

    public Task<LeaseGrant?> OnHarnessSilentAsync(StaleLeasePolicy policy)
    {
        Record(policy);
        return Task.FromResult<LeaseGrant?>(null);
    }

    public Task<LeaseGrant?> ThawAsync() => Task.FromResult<LeaseGrant?>(null);

    private T Record<T>(T value)
    {
        Arguments.Add(value);
        return value;
    }
}
