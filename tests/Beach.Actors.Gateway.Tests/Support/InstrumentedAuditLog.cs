using Beach.Actors.Audit;

namespace Beach.Actors.Gateway.Tests.Support;

/// <summary>
/// The real audit log with a switch: while <see cref="FailAppends"/> is on, appends fail as a full writer queue does
/// (<see cref="OverloadedException"/>) and write nothing. For tests of how callers meet an overloaded log.
/// </summary>
internal sealed class FaultingAuditLog(IAuditLog inner) : IAuditLog
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    public volatile bool FailAppends;

    public ValueTask<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
        => FailAppends
            ? ValueTask.FromException<AuditRecord>(new OverloadedException("The audit writer's queue is full (test switch).", RetryAfter))
            : inner.AppendAsync(entry, cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> ReadStreamAsync(string tenant, string stream, long afterSeq, int limit, CancellationToken cancellationToken = default)
        => inner.ReadStreamAsync(tenant, stream, afterSeq, limit, cancellationToken);

    public Task<AuditRecord?> ReadLastAsync(string tenant, string stream, CancellationToken cancellationToken = default)
        => inner.ReadLastAsync(tenant, stream, cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
        => inner.QueryAsync(query, cancellationToken);
}
