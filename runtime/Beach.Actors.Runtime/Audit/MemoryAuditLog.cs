using Beach.Actors.Audit;
using Beach.Actors.Persistence;

namespace Beach.Actors.Runtime.Audit;

/// <summary>
/// An audit log in this process's memory with the durable logs' stream-version rules and per-tenant hash chain; times
/// are kept to the millisecond, as the durable logs store them. For tests.
/// </summary>
public sealed class MemoryAuditLog : IAuditLog
{
    private readonly Lock _lock = new();
    private readonly List<AuditRecord> _records = [];
    private readonly Dictionary<(string Tenant, string Stream), List<AuditRecord>> _streams = [];
    private readonly Dictionary<string, string> _chainHeads = new(StringComparer.Ordinal);

    /// <summary>Every record appended, oldest first.</summary>
    public IReadOnlyList<AuditRecord> Records
    {
        get
        {
            lock (_lock)
            {
                return [.. _records];
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var key = (entry.Tenant, entry.Stream);
            if (!_streams.TryGetValue(key, out var stream))
            {
                _streams[key] = stream = [];
            }

            if (entry.ExpectedVersion is { } expected && expected != stream.Count)
            {
                throw new InconsistentStateException(
                    $"Stream {entry.Stream} of tenant {entry.Tenant} is at version {stream.Count}, not {expected}.",
                    stream.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    expected.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var seq = _records.Count + 1L;
            var at = DateTimeOffset.FromUnixTimeMilliseconds(entry.At.ToUnixTimeMilliseconds());
            var prevHash = _chainHeads.GetValueOrDefault(entry.Tenant, AuditChain.GENESIS_HASH);
            var hash = AuditChain.ComputeHash(entry.Tenant, seq, entry.Stream, stream.Count + 1, entry.Kind, entry.Actor, entry.Data, at, prevHash);
            var record = new AuditRecord(seq, entry.Tenant, entry.Stream, stream.Count + 1, entry.Kind, entry.Actor, entry.Data, at, prevHash, hash);
            _chainHeads[entry.Tenant] = hash;
            _records.Add(record);
            stream.Add(record);
            return ValueTask.FromResult(record);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditRecord>> ReadStreamAsync(string tenant, string stream, long afterSeq, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<AuditRecord> page = _streams.TryGetValue((tenant, stream), out var records)
                ? records.Where(record => record.Seq > afterSeq).Take(limit).ToArray()
                : [];
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc />
    public Task<AuditRecord?> ReadLastAsync(string tenant, string stream, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_streams.TryGetValue((tenant, stream), out var records) && records.Count > 0 ? records[^1] : null);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        lock (_lock)
        {
            IReadOnlyList<AuditRecord> page = _records
                .Where(record => record.Seq > query.AfterSeq && query.Matches(record))
                .Take(query.Limit)
                .ToArray();
            return Task.FromResult(page);
        }
    }
}
