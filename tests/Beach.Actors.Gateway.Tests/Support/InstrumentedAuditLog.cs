using Beach.Actors.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Gateway.Tests.Support;

/// <summary>
/// The real audit log with a switch and a counter: while <see cref="FailAppends"/> is on, appends fail as a full
/// writer queue does (<see cref="OverloadedException"/>) and write nothing; <see cref="StreamRecordsRead"/> counts the
/// records each stream's reads returned. For tests of how callers meet an overloaded log and how much they read.
/// </summary>
internal sealed class InstrumentedAuditLog(IAuditLog inner) : IAuditLog
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _recordsRead = new();

    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    public volatile bool FailAppends;

    /// <summary>
    /// A <c>configureServices</c> for <see cref="GatewayHost"/> that puts this log around the host's SQLite audit log
    /// and hands each one made to <paramref name="made"/> (a restart makes another).
    /// </summary>
    public static Action<IServiceCollection> Around(Action<InstrumentedAuditLog> made) => services => services.AddSingleton<IAuditLog>(provider =>
    {
        var log = new InstrumentedAuditLog(new Sqlite.SqliteAuditLog(provider.GetRequiredService<Sqlite.SqliteDatabase>()));
        made(log);
        return log;
    });

    public ValueTask<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
        => FailAppends
            ? ValueTask.FromException<AuditRecord>(new OverloadedException("The audit writer's queue is full (test switch).", RetryAfter))
            : inner.AppendAsync(entry, cancellationToken);

    /// <summary>Records of <paramref name="stream"/> returned by <see cref="ReadStreamAsync"/> since the log was made.</summary>
    public long StreamRecordsRead(string stream) => _recordsRead.GetValueOrDefault(stream);

    public async Task<IReadOnlyList<AuditRecord>> ReadStreamAsync(string tenant, string stream, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        var records = await inner.ReadStreamAsync(tenant, stream, afterSeq, limit, cancellationToken);
        _recordsRead.AddOrUpdate(stream, records.Count, (_, read) => read + records.Count);
        return records;
    }

    public Task<AuditRecord?> ReadLastAsync(string tenant, string stream, CancellationToken cancellationToken = default)
        => inner.ReadLastAsync(tenant, stream, cancellationToken);

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
        => inner.QueryAsync(query, cancellationToken);
}
