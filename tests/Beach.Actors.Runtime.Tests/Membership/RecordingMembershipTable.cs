using System.Collections.Concurrent;
using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Tests.Membership;

/// <summary>
/// A membership table in front of another that remembers every row it accepted, in order, and counts the writes it
/// refused; it can also hold the next few row updates until all of them have arrived, so that they race for the same
/// table version.
/// </summary>
internal sealed class RecordingMembershipTable(IMembershipTable inner) : IMembershipTable
{
    private readonly ConcurrentQueue<MembershipEntry> _written = new();
    private UpdateGate? _gate;
    private int _conflicts;

    /// <summary>Every row inserted or updated, in the order the table accepted them.</summary>
    public IReadOnlyList<MembershipEntry> Written => [.. _written];

    /// <summary>Inserts and updates the table refused because the version or the row had moved.</summary>
    public int Conflicts => Volatile.Read(ref _conflicts);

    /// <summary>The accepted rows of <paramref name="silo"/>, oldest first.</summary>
    public IReadOnlyList<MembershipEntry> WrittenFor(SiloAddress silo) => [.. _written.Where(entry => entry.Silo == silo)];

    /// <summary>Holds the next <paramref name="parties"/> row updates until all have arrived, then lets them race.</summary>
    public void HoldNextUpdates(int parties) => _gate = new UpdateGate(parties);

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

    public async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion next, CancellationToken cancellationToken) =>
        Record(entry, await inner.InsertRowAsync(entry, next, cancellationToken).ConfigureAwait(false));

    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion next, CancellationToken cancellationToken)
    {
        if (_gate is { } gate)
        {
            await gate.PassAsync().ConfigureAwait(false);
        }

        return Record(entry, await inner.UpdateRowAsync(entry, etag, next, cancellationToken).ConfigureAwait(false));
    }

    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken) =>
        inner.UpdateIAmAliveAsync(silo, at, cancellationToken);

    public Task CleanupDefunctEntriesAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        inner.CleanupDefunctEntriesAsync(before, cancellationToken);

    private bool Record(MembershipEntry entry, bool written)
    {
        if (written)
        {
            _written.Enqueue(entry);
        }
        else
        {
            Interlocked.Increment(ref _conflicts);
        }

        return written;
    }

    private sealed class UpdateGate(int parties)
    {
        // A real-time bound only so that a test whose voters never meet fails on its assertions instead of hanging.
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public async Task PassAsync()
        {
            var arrived = Interlocked.Increment(ref _arrived);
            if (arrived > parties)
            {
                return;
            }

            if (arrived == parties)
            {
                _open.TrySetResult();
            }

            try
            {
                await _open.Task.WaitAsync(Patience).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _open.TrySetResult();
            }
        }
    }
}
