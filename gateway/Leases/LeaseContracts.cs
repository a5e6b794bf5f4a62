namespace Beach.Actors.Gateway.Leases;

/// <summary>The body of <c>POST /sessions/{id}/controller/lease</c>: acquire, or renew when <see cref="LeaseId"/> is set.</summary>
public sealed class LeaseRequest
{
    /// <summary>The controller asking for the lease.</summary>
    public string? ControllerId { get; set; }

    /// <summary>How long the lease lasts, in milliseconds.</summary>
    public long? TtlMs { get; set; }

    /// <summary>The lease to renew; absent to acquire.</summary>
    public string? LeaseId { get; set; }
}

/// <summary>A granted or renewed lease.</summary>
public sealed record LeaseResponse(string SessionId, string LeaseId, string ControllerId, long FencingToken, DateTimeOffset ExpiresAt);

/// <summary>One controller event.</summary>
public sealed record ControllerEventResponse(
    long Seq,
    string Kind,
    string ControllerId,
    string LeaseId,
    long FencingToken,
    DateTimeOffset At,
    DateTimeOffset ExpiresAt,
    string? Actor,
    string? Reason);

/// <summary>A page of controller events; pass <see cref="NextCursor"/> as <c>after</c> to read on.</summary>
public sealed record ControllerEventsPage(IReadOnlyList<ControllerEventResponse> Events, long NextCursor);
