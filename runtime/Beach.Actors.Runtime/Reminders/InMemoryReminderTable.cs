using System.Globalization;
using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Reminders;

/// <summary>
/// Reminders in memory: for tests and for silos sharing one process. Not durable; the embedded silo uses SQLite and a
/// cluster PostgreSQL. Thread-safe.
/// </summary>
public sealed class InMemoryReminderTable : IReminderTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId Grain, string Name), ReminderEntry> _rows = [];
    private long _version;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(GrainId grain, CancellationToken cancellationToken)
        => Select(row => row.Grain == grain);

    /// <inheritdoc />
    public Task<IReadOnlyList<ReminderEntry>> ReadRowsAsync(uint begin, uint end, CancellationToken cancellationToken)
    {
        var range = new RingRange(begin, end);
        return Select(row => range.Contains(row.Grain.GetUniformHashCode()));
    }

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRowAsync(GrainId grain, string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.TryGetValue((grain, name), out var row) ? row : null);
        }
    }

    /// <inheritdoc />
    public Task<string> UpsertRowAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            var etag = (++_version).ToString(CultureInfo.InvariantCulture);
            _rows[(entry.Grain, entry.Name)] = entry with { ETag = etag };
            return Task.FromResult(etag);
        }
    }

    /// <inheritdoc />
    public Task<bool> RemoveRowAsync(GrainId grain, string name, string etag, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.TryGetValue((grain, name), out var row) && row.ETag == etag && _rows.Remove((grain, name)));
        }
    }

    private Task<IReadOnlyList<ReminderEntry>> Select(Func<ReminderEntry, bool> predicate)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ReminderEntry>>(_rows.Values.Where(predicate).ToList());
        }
    }
}
