using Beach.Actors.Sessions;
using Beach.Actors.Streams;

namespace Beach.Actors.Leases;

/// <summary>What a controller event looks like on the session's event stream: one kind per event, the lease's facts as data.</summary>
internal static class LeaseEventPublisher
{
    public static string KindOf(ControllerEventKind kind) => kind switch
    {
        ControllerEventKind.Granted => SessionEventKinds.LeaseGranted,
        ControllerEventKind.Renewed => SessionEventKinds.LeaseRenewed,
        ControllerEventKind.Released => SessionEventKinds.LeaseReleased,
        ControllerEventKind.Expired => SessionEventKinds.LeaseExpired,
        ControllerEventKind.Revoked => SessionEventKinds.LeaseRevoked,
        ControllerEventKind.Frozen => SessionEventKinds.LeaseFrozen,
        ControllerEventKind.Thawed => SessionEventKinds.LeaseThawed,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static async Task PublishAsync(IAsyncStream<SessionEvent> events, ControllerEventKind kind, LeaseGrant lease, DateTimeOffset at, string? actor, string? reason)
        => await events.OnNextAsync(SessionEvent.Create(KindOf(kind), at, new
        {
            lease.ControllerId,
            lease.LeaseId,
            lease.FencingToken,
            lease.ExpiresAt,
            Actor = actor,
            Reason = reason,
        }));
}
