using Beach.Actors.Audit;
using Beach.Actors.Persistence;

namespace Beach.Actors.Runtime.Audit;

/// <summary>An audit log in this process's memory with the durable logs' stream-version rules. For tests.</summary>
public sealed class MemoryAuditLog : IAuditLog
{
    private readonly Lock _lock = new();
    private readonly List<AuditRecord> _records = [];
    private readonly Dictionary<(string Tenant, string Stream), List<AuditRecord>> _streams = [];

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

            var record = new AuditRecord(_records.Count + 1, entry.Tenant, entry.Stream, stream.Count + 1, entry.Kind, entry.Actor, entry.Data, entry.At);
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
}
