using System.Collections.Immutable;
using System.Globalization;
using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Membership;

/// <summary>
/// The membership table of the single node and of tests: one lock around the rows and the table version, so every
/// write is the compare-and-swap <see cref="IMembershipTable"/> describes, on the version and on the row ETag.
/// </summary>
/// <remarks>
/// A table version's ETag is <c>v{version}</c> and a write must name the ETag it read; each row write gets a new row
/// ETag. I-am-alive only moves forward: an update carrying an older I-am-alive than the row's (read before the silo
/// wrote a newer one) keeps the newer, so a suspicion vote never makes a live silo look silent.
/// </remarks>
internal sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<SiloAddress, MembershipRow> _rows = [];
    private TableVersion _version = VersionOf(0);
    private long _rowETags;

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var rows = _rows.Values
                .OrderBy(row => row.Entry.Silo.Host, StringComparer.Ordinal)
                .ThenBy(row => row.Entry.Silo.Port)
                .ThenBy(row => row.Entry.Silo.Generation)
                .ToImmutableArray();
            return Task.FromResult(new MembershipTableData(rows, _version));
        }
    }

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(next);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!IsNext(next) || _rows.ContainsKey(entry.Silo))
            {
                return Task.FromResult(false);
            }

            _rows[entry.Silo] = new MembershipRow(entry, NewRowETag());
            _version = VersionOf(next.Version);
            return Task.FromResult(true);
        }
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(etag);
        ArgumentNullException.ThrowIfNull(next);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!IsNext(next) || !_rows.TryGetValue(entry.Silo, out var row) || !string.Equals(row.ETag, etag, StringComparison.Ordinal))
            {
                return Task.FromResult(false);
            }

            var alive = entry.IAmAliveAt > row.Entry.IAmAliveAt ? entry.IAmAliveAt : row.Entry.IAmAliveAt;
            _rows[entry.Silo] = new MembershipRow(entry with { IAmAliveAt = alive }, NewRowETag());
            _version = VersionOf(next.Version);
            return Task.FromResult(true);
        }
    }

    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_rows.TryGetValue(silo, out var row) && at > row.Entry.IAmAliveAt)
            {
                _rows[silo] = row with { Entry = row.Entry with { IAmAliveAt = at } };
            }
        }

        return Task.CompletedTask;
    }

    public Task CleanupDefunctEntriesAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            foreach (var row in _rows.Values.Where(row => row.Entry.Status == SiloStatus.Dead && row.Entry.IAmAliveAt < before).ToList())
            {
                _rows.Remove(row.Entry.Silo);
            }
        }

        return Task.CompletedTask;
    }

    private static TableVersion VersionOf(long version) => new(version, string.Create(CultureInfo.InvariantCulture, $"v{version}"));

    private bool IsNext(TableVersion next) =>
        next.Version == _version.Version + 1 && string.Equals(next.ETag, _version.ETag, StringComparison.Ordinal);

    private string NewRowETag() => (++_rowETags).ToString(CultureInfo.InvariantCulture);
}
