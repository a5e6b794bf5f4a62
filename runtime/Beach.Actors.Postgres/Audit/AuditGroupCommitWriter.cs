using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Beach.Actors.Audit;
using Beach.Actors.Cluster;
using Beach.Actors.Persistence;
using Beach.Actors.Postgres.Logging;
using Beach.Actors.Postgres.Sql;
using Beach.Actors.Postgres.Tenancy;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Beach.Actors.Postgres.Audit;

/// <summary>
/// The audit log's writer. Appends queue in a bounded channel; one loop, on a thread of its own that blocks in the
/// queue's wait and in the socket's receive (Npgsql's synchronous calls), takes everything queued (up to
/// <see cref="PostgresOptions.MaxBatchSize"/>) while the previous commit was in flight and writes it in one round trip
/// and one transaction whatever its size. Per tenant it takes one of two paths:
/// <list type="bullet">
/// <item>the fast path, when <see cref="AuditChainCache"/> knows the tenant's chain head and the version of every
/// stream in the batch: the writer decides each append (next version or refusal), draws seqs from
/// <see cref="AuditSeqReserve"/>, chains the accepted ones itself (<see cref="ChainedShare"/>), and the server only
/// moves the head if it is still the one the writer chained from, inserting the rows in the same statement. A head
/// that moved (another writer appended for the tenant) inserts nothing; that tenant is forgotten and written again on
/// the slow path.</item>
/// <item>the slow path otherwise: <c>beach_audit_append</c> (migration 0006) locks the batch's streams and the
/// tenant's chain head, decides, chains and inserts, and its rows teach the cache the head and the versions.</item>
/// </list>
/// A caller's task completes only after that COMMIT. In a cluster every tenant's appends reach one silo's writer (its
/// audit home, <c>ClusterAuditLog</c>), so the fast path is the common one; the head check keeps the chain one linear
/// sequence when two writers do meet. With a <see cref="AuditMembershipFence"/> the batch first checks the membership
/// row of every silo its appends came from, and a silo declared dead has its appends refused and inserts nothing.
/// </summary>
internal sealed class AuditGroupCommitWriter : IAsyncDisposable
{
    private readonly PostgresDatabase _database;
    private readonly AuditMembershipFence? _fence;
    private readonly Channel<AuditAppend> _queue;
    private readonly int _queueCapacity;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _overloadRetryAfter;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private long _batchesCommitted;
    private long _itemsCommitted;
    private long _itemsRejected;
    private long _batchesFailed;
    private long _headsMoved;
    private readonly AuditChainCache _chains = new();
    private readonly AuditSeqReserve _seqs = new();

    // Stopwatch ticks per phase of the loop, written by the loop alone and read by anyone.
    private long _waitingTicks;
    private long _preparingTicks;
    private long _roundTripTicks;
    private long _publishingTicks;
    private int _closed;

    public AuditGroupCommitWriter(PostgresDatabase database, AuditMembershipFence? fence, ILogger logger)
    {
        _database = database;
        _fence = fence;
        _queueCapacity = database.Options.QueueCapacity;
        _maxBatchSize = database.Options.MaxBatchSize;
        _overloadRetryAfter = database.Options.OverloadRetryAfter;
        _logger = logger;
        _queue = Channel.CreateBounded<AuditAppend>(new BoundedChannelOptions(_queueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
            // The only continuation is the writer thread's blocked wait, which an append then wakes directly
            // instead of through a thread-pool item.
            AllowSynchronousContinuations = true,
        });
        // A thread of its own, blocking in its waits: the writer is the serial path of every append, and a wakeup
        // straight from the socket or the queue is one thread hop where an await took two.
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop = stopped.Task;
        new Thread(() =>
        {
            try
            {
                Run();
            }
            finally
            {
                stopped.SetResult();
            }
        })
        { IsBackground = true, Name = "Beach audit writer" }.Start();
    }

    public PostgresGroupCommitStatistics Statistics => new(
        Interlocked.Read(ref _batchesCommitted),
        Interlocked.Read(ref _itemsCommitted),
        Interlocked.Read(ref _itemsRejected),
        Interlocked.Read(ref _batchesFailed),
        Interlocked.Read(ref _headsMoved),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _waitingTicks)),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _preparingTicks)),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _roundTripTicks)),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _publishingTicks)));

    /// <summary>
    /// Queues <paramref name="append"/> and returns its completion. Never waits for room: when the queue is full the
    /// returned task has already failed with <see cref="OverloadedException"/>.
    /// </summary>
    public Task<AuditRecord> EnqueueAsync(AuditAppend append)
    {
        if (_queue.Writer.TryWrite(append))
        {
            return append.Completion;
        }

        return Task.FromException<AuditRecord>(Volatile.Read(ref _closed) != 0
            ? new ObjectDisposedException(nameof(PostgresAuditLog))
            : new OverloadedException($"The PostgreSQL audit writer's queue is full ({_queueCapacity} pending appends).", _overloadRetryAfter));
    }

    /// <summary>Stops accepting appends and commits everything already queued.</summary>
    public async ValueTask DisposeAsync()
    {
        Close();
        await _loop.ConfigureAwait(false);
    }

    private void Close()
    {
        // The flag goes up before the channel closes, so a refused append can tell "closed" from "full".
        Volatile.Write(ref _closed, 1);
        _queue.Writer.TryComplete();
    }

    private void Run()
    {
        var reader = _queue.Reader;
        var pending = new List<AuditAppend>(_maxBatchSize);
        try
        {
            // After Close, WaitToRead keeps answering true until the queue is drained.
            while (TimedWaitToRead(reader))
            {
                while (pending.Count < _maxBatchSize && reader.TryRead(out var append))
                {
                    pending.Add(append);
                }

                CommitBatch(pending);
                pending.Clear();
            }
        }
        catch (Exception crash)
        {
            _logger.WriterCrashed(crash);
            Close();
            foreach (var append in pending)
            {
                append.PublishFailed(crash);
            }

            while (reader.TryRead(out var append))
            {
                append.PublishFailed(crash);
            }
        }
        finally
        {
            _logger.WriterStopped(Interlocked.Read(ref _batchesCommitted), Interlocked.Read(ref _itemsCommitted));
        }
    }

    private bool TimedWaitToRead(ChannelReader<AuditAppend> reader)
    {
        var started = Stopwatch.GetTimestamp();
        var waiting = reader.WaitToReadAsync();
        var more = waiting.IsCompletedSuccessfully ? waiting.Result : waiting.AsTask().GetAwaiter().GetResult();
        Interlocked.Add(ref _waitingTicks, Stopwatch.GetTimestamp() - started);
        return more;
    }

    private void CommitBatch(List<AuditAppend> appends)
    {
        var live = appends.Where(append => append.Begin()).ToList();
        if (live.Count > 0)
        {
            try
            {
                Write(live);
            }
            catch (Exception error)
            {
                Interlocked.Increment(ref _batchesFailed);
                _logger.BatchFailed(error, live.Count);
                foreach (var append in appends)
                {
                    if (append.IsSkipped)
                    {
                        append.PublishCommitted();
                    }
                    else
                    {
                        append.PublishFailed(error);
                    }
                }

                return;
            }

            // An append already failed is one written again that failed (WriteAgain): neither committed nor refused.
            var failed = live.Count(append => append.Completion.IsCompleted);
            var rejected = live.Count(append => append.Rejection is not null && !append.Completion.IsCompleted);
            Interlocked.Increment(ref _batchesCommitted);
            Interlocked.Add(ref _itemsCommitted, live.Count - failed - rejected);
            Interlocked.Add(ref _itemsRejected, rejected);
        }

        var publishing = Stopwatch.GetTimestamp();
        foreach (var append in appends)
        {
            append.PublishCommitted();
        }

        Interlocked.Add(ref _publishingTicks, Stopwatch.GetTimestamp() - publishing);
    }

    /// <summary>
    /// Writes the batch, fenced on every silo its appends came from. A fence refuses the whole transaction and does
    /// not say which of several silos it refused, so a refused batch from several silos is written again one silo's
    /// appends at a time: those of live silos commit, the dead one's are refused. The tenants whose head had moved
    /// under the writer's own chaining (nothing of theirs was written) are written again, decided by the server.
    /// </summary>
    private void Write(List<AuditAppend> live, bool chainHere = true)
    {
        var origins = _fence is null ? [] : live.Select(append => append.Origin).Distinct().ToList();
        List<AuditAppend> moved;
        try
        {
            moved = WriteFenced(live, origins, chainHere);
        }
        catch (PostgresException error) when (_fence is not null && AuditMembershipFence.IsRefusal(error))
        {
            if (origins.Count > 1)
            {
                foreach (var group in live.GroupBy(append => append.Origin))
                {
                    WriteAgain(group.ToList(), chainHere);
                }

                return;
            }

            var fenced = _fence.Refusal(error, origins[0])!;
            _logger.AppendsFenced(fenced.Message, live.Count);
            foreach (var append in live)
            {
                append.Reject(fenced);
            }

            return;
        }

        if (moved.Count > 0)
        {
            Interlocked.Increment(ref _headsMoved);
            WriteAgain(moved, chainHere: false);
        }
    }

    /// <summary>
    /// Writes <paramref name="appends"/>, part of a batch, again, after another part may have committed: a failure
    /// fails these appends alone, so an append already on disk is never reported lost because another was not.
    /// </summary>
    private void WriteAgain(List<AuditAppend> appends, bool chainHere)
    {
        try
        {
            Write(appends, chainHere);
        }
        catch (Exception error)
        {
            Interlocked.Increment(ref _batchesFailed);
            _logger.BatchFailed(error, appends.Count);
            foreach (var append in appends)
            {
                append.PublishFailed(error);
            }
        }
    }

    /// <summary>
    /// The batch in one round trip and one implicit transaction (an <see cref="NpgsqlBatch"/> without a transaction
    /// ends with one Sync, so PostgreSQL commits after the last command, or rolls all back on an error): the fence of
    /// the silos in <paramref name="origins"/>, then per tenant, in one fixed order and each under its own
    /// <c>beach.tenant</c> (row-level security holds for the writer as for every other session), its appends:
    /// <list type="bullet">
    /// <item>chained here (<see cref="ChainedShare"/>) when <paramref name="chainHere"/> and the writer knows the
    /// tenant's head and every stream's version, and inserted only if the head has not moved since;</item>
    /// <item>otherwise decided, chained and inserted by the server (<c>beach_audit_append</c>), under the streams'
    /// locks and the head's, which teaches the writer the head and the versions for the next batch.</item>
    /// </list>
    /// Returns, once the commit's answer is read, the appends of the tenants whose head had moved.
    /// </summary>
    private List<AuditAppend> WriteFenced(List<AuditAppend> live, List<SiloAddress?> origins, bool chainHere)
    {
        var preparing = Stopwatch.GetTimestamp();
        var tenants = live.GroupBy(append => append.Entry.Tenant, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => (Tenant: group.Key, Appends: group.ToList()))
            .ToList();
        var shares = tenants.Select(tenant => chainHere ? ChainedShare.Plan(tenant.Tenant, tenant.Appends, _chains.Find(tenant.Tenant)) : null).ToList();
        var learned = new ServerOutcome?[tenants.Count];
        var headStayed = new bool[tenants.Count];

        using (var connection = _database.OpenConnection())
        {
            var chained = shares.OfType<ChainedShare>().ToList();
            if (chained.Count > 0)
            {
                _seqs.Ensure(connection, chained.Sum(share => share.Count), chained.Max(share => share.AfterSeq));
                foreach (var share in chained)
                {
                    share.Chain(_chains.Find(share.Tenant)!, _seqs);
                }
            }

            using var batch = new NpgsqlBatch(connection);
            if (origins.Count > 0)
            {
                batch.BatchCommands.Add(_fence!.Command(origins));
            }

            for (var i = 0; i < tenants.Count; i++)
            {
                if (shares[i] is { } share)
                {
                    TenantScope.Add(batch, share.Tenant);
                    batch.BatchCommands.Add(share.Command());
                }
                else
                {
                    batch.BatchCommands.Add(AppendCommand(tenants[i].Appends));
                }
            }

            var sent = Stopwatch.GetTimestamp();
            Interlocked.Add(ref _preparingTicks, sent - preparing);
            try
            {
                using (var reader = batch.ExecuteReader())
                {
                    if (origins.Count > 0)
                    {
                        reader.NextResult(); // past the fence's one row
                    }

                    for (var i = 0; i < tenants.Count; i++)
                    {
                        if (shares[i] is not null)
                        {
                            reader.NextResult(); // past the tenant setting
                            reader.Read();
                            headStayed[i] = reader.GetInt32(0) == 1;
                        }
                        else
                        {
                            learned[i] = ReadOutcomes(reader, tenants[i].Appends);
                        }

                        reader.NextResult();
                    }
                }
            }
            finally
            {
                // A refused or failed round trip took its time too.
                Interlocked.Add(ref _roundTripTicks, Stopwatch.GetTimestamp() - sent);
            }
        }

        // Committed: only now may the cache believe what the batch wrote.
        var moved = new List<AuditAppend>();
        for (var i = 0; i < tenants.Count; i++)
        {
            var tenant = tenants[i].Tenant;
            if (shares[i] is { } share)
            {
                if (headStayed[i])
                {
                    share.Apply(_chains);
                }
                else
                {
                    _chains.Forget(tenant);
                    moved.AddRange(tenants[i].Appends);
                }
            }
            else if (learned[i] is { Last: { } last } outcome)
            {
                _chains.Learn(tenant, outcome.First!.PrevHash, last.Seq, last.Hash, outcome.Versions);
            }
            else
            {
                _chains.Forget(tenant); // every append refused: the head is not known
            }
        }

        return moved;
    }

    private static NpgsqlBatchCommand AppendCommand(List<AuditAppend> appends) => Positional.Command(AuditLogSql.AppendTenant,
        Positional.Value(appends[0].Entry.Tenant),
        Positional.Value(appends.Select(append => append.Entry.Stream).ToArray()),
        Positional.Value(appends.Select(append => append.Entry.ExpectedVersion).ToArray()),
        Positional.Value(appends.Select(append => append.Entry.Kind).ToArray()),
        Positional.Value(appends.Select(append => append.Entry.Actor).ToArray()),
        Positional.Value(appends.Select(append => append.Entry.Data).ToArray()),
        Positional.Value(appends.Select(append => append.At.UtcDateTime).ToArray()));

    /// <summary>
    /// Reads one tenant's rows from <c>beach_audit_append</c>, one per append in queue order: accepted at a seq and
    /// stream version with its chain link, or refused because the stream was at another version than expected (so of
    /// two appends at the same expected version the first wins). Returns what the rows say of the tenant's chain.
    /// </summary>
    private static ServerOutcome ReadOutcomes(NpgsqlDataReader reader, List<AuditAppend> appends)
    {
        var outcome = new ServerOutcome();
        while (reader.Read())
        {
            var append = appends[reader.GetInt32(0) - 1];
            if (reader.IsDBNull(1))
            {
                var version = reader.GetInt64(5);
                append.Reject(StaleVersion(append.Entry, version));
                outcome.Versions[append.Entry.Stream] = version;
                continue;
            }

            append.Accept(
                reader.GetInt64(1),
                reader.GetInt64(2),
                Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(3)),
                Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(4)));
            outcome.First ??= append.Record;
            outcome.Last = append.Record;
            outcome.Versions[append.Entry.Stream] = append.Record!.StreamVersion;
        }

        return outcome;
    }

    /// <summary>The refusal of an append whose expected version is not the stream's <paramref name="version"/>.</summary>
    internal static InconsistentStateException StaleVersion(AuditEntry entry, long version) => new(
        $"Cannot append '{entry.Kind}' to audit stream {entry.Tenant}/{entry.Stream}: expected version {Format(entry.ExpectedVersion!.Value)}, stream is at version {Format(version)}.",
        Format(version),
        Format(entry.ExpectedVersion.Value));

    /// <summary>What the server's rows for one tenant said: its first and last accepted records, and each stream's version.</summary>
    private sealed class ServerOutcome
    {
        public AuditRecord? First { get; set; }

        public AuditRecord? Last { get; set; }

        public Dictionary<string, long> Versions { get; } = new(StringComparer.Ordinal);
    }

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);
}
