using System.Globalization;
using System.Threading.Channels;
using Beach.Actors.Audit;
using Beach.Actors.Persistence;
using Beach.Actors.Postgres.Logging;
using Beach.Actors.Postgres.Sql;
using Beach.Actors.Postgres.Tenancy;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Beach.Actors.Postgres.Audit;

/// <summary>
/// The audit log's writer. Appends queue in a bounded channel; one loop takes everything queued (up to
/// <see cref="PostgresOptions.MaxBatchSize"/>) while the previous commit was in flight and writes it in one
/// transaction of three round trips whatever its size: lock the batch's streams and its tenants' chain heads, read the
/// stream heads and draw seqs; insert every accepted append with one multi-row statement per tenant, chained in seq
/// order from the tenant's head, and move the head; commit. A caller's task completes only after that COMMIT.
/// The per-stream advisory locks make the head read and the insert atomic against writers on other silos; the
/// per-tenant chain-head row lock keeps each tenant's chain one linear sequence across silos. With a
/// <see cref="AuditMembershipFence"/> the first round trip also reads the silo's membership row, and a silo declared
/// dead has every append of the batch refused and inserts nothing.
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
            AllowSynchronousContinuations = false,
        });
        _loop = Task.Run(RunAsync);
    }

    public PostgresGroupCommitStatistics Statistics => new(
        Interlocked.Read(ref _batchesCommitted),
        Interlocked.Read(ref _itemsCommitted),
        Interlocked.Read(ref _itemsRejected),
        Interlocked.Read(ref _batchesFailed));

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

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var pending = new List<AuditAppend>(_maxBatchSize);
        try
        {
            // After Close, WaitToRead keeps answering true until the queue is drained.
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (pending.Count < _maxBatchSize && reader.TryRead(out var append))
                {
                    pending.Add(append);
                }

                await CommitBatchAsync(pending).ConfigureAwait(false);
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

    private async Task CommitBatchAsync(List<AuditAppend> appends)
    {
        var live = appends.Where(append => append.Begin()).ToList();
        if (live.Count > 0)
        {
            try
            {
                await WriteAsync(live).ConfigureAwait(false);
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

            var rejected = live.Count(append => append.Rejection is not null);
            Interlocked.Increment(ref _batchesCommitted);
            Interlocked.Add(ref _itemsCommitted, live.Count - rejected);
            Interlocked.Add(ref _itemsRejected, rejected);
        }

        foreach (var append in appends)
        {
            append.PublishCommitted();
        }
    }

    private async Task WriteAsync(List<AuditAppend> live)
    {
        // Tenants in one fixed order; each tenant's commands run under its own beach.tenant, so row-level security
        // holds for the writer as for every other session.
        var tenants = live.GroupBy(append => append.Entry.Tenant, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new TenantChain(group.Key, group.ToList()))
            .ToList();

        var connection = await _database.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var (fenced, heads) = await LockAndReadHeadsAsync(connection, transaction, live, tenants).ConfigureAwait(false);
                if (fenced is not null)
                {
                    _logger.AppendsFenced(fenced.Message, live.Count);
                    foreach (var append in live)
                    {
                        append.Reject(fenced);
                    }
                }
                else
                {
                    Decide(live, heads);
                    await InsertAcceptedAsync(connection, transaction, tenants).ConfigureAwait(false);
                }

                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The first round trip: the fence's row lock and read (when there is a fence), the stream locks, and per tenant
    /// its chain head (locked), its stream heads and as many seqs as it has appends. Returns why the batch is fenced
    /// (then nothing more is read back), or null and the stream heads; the chain heads and seqs go to each
    /// <see cref="TenantChain"/>.
    /// </summary>
    private async Task<(SiloUnavailableException? Fenced, Dictionary<(string Tenant, string Stream), long> Heads)> LockAndReadHeadsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<AuditAppend> live, List<TenantChain> tenants)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);

        // The fence goes first: its share lock is held from before the streams are read until the commit.
        if (_fence is not null)
        {
            batch.BatchCommands.Add(_fence.Command());
        }

        batch.BatchCommands.Add(Positional.Command(AuditLogSql.LockStreams,
            Positional.Value(live.Select(append => append.Entry.Tenant).ToArray()),
            Positional.Value(live.Select(append => append.Entry.Stream).ToArray())));
        foreach (var chain in tenants)
        {
            // The chain head is locked before the stream heads are read and the seqs drawn: both then follow
            // whatever the tenant's previous batch, on any silo, committed.
            TenantScope.Add(batch, chain.Tenant);
            batch.BatchCommands.Add(Positional.Command(AuditLogSql.LockChainHead, Positional.Value(chain.Tenant)));
            batch.BatchCommands.Add(Positional.Command(AuditLogSql.Heads,
                Positional.Value(chain.Tenant),
                Positional.Value(chain.Appends.Select(append => append.Entry.Stream).Distinct(StringComparer.Ordinal).ToArray())));
            batch.BatchCommands.Add(Positional.Command(AuditLogSql.DrawSeqs, Positional.Value(chain.Appends.Count)));
        }

        var heads = new Dictionary<(string Tenant, string Stream), long>();
        var reader = await batch.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (_fence is not null)
            {
                if (await _fence.ReadAsync(reader).ConfigureAwait(false) is { } fenced)
                {
                    return (fenced, heads);
                }

                await reader.NextResultAsync().ConfigureAwait(false); // on to the stream locks
            }

            foreach (var chain in tenants)
            {
                await reader.NextResultAsync().ConfigureAwait(false); // the previous command's result: locks or seqs
                await reader.NextResultAsync().ConfigureAwait(false); // the tenant's set_config
                await reader.ReadAsync().ConfigureAwait(false);
                chain.HeadHash = Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(1));
                await reader.NextResultAsync().ConfigureAwait(false);
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    heads[(chain.Tenant, reader.GetString(0))] = reader.GetInt64(1);
                }

                await reader.NextResultAsync().ConfigureAwait(false);
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    chain.AddDrawnSeq(reader.GetInt64(0));
                }
            }
        }

        return (null, heads);
    }

    /// <summary>
    /// Gives each append, in queue order, the next version of its stream, or refuses it when its expected version is
    /// not the stream's version at that point; so of two appends at the same expected version the first wins.
    /// </summary>
    private static void Decide(List<AuditAppend> live, Dictionary<(string Tenant, string Stream), long> heads)
    {
        foreach (var append in live)
        {
            var entry = append.Entry;
            var key = (entry.Tenant, entry.Stream);
            var version = heads[key];
            if (entry.ExpectedVersion is { } expected && expected != version)
            {
                append.Reject(new InconsistentStateException(
                    $"Cannot append '{entry.Kind}' to audit stream {entry.Tenant}/{entry.Stream}: expected version {Format(expected)}, stream is at version {Format(version)}.",
                    Format(version),
                    Format(expected)));
                continue;
            }

            heads[key] = version + 1;
            append.Accept(version + 1);
        }
    }

    /// <summary>
    /// The second round trip: per tenant, its accepted appends chained and inserted with one multi-row statement, and
    /// its chain head moved to the last of them.
    /// </summary>
    private static async Task InsertAcceptedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<TenantChain> tenants)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var chain in tenants)
        {
            var appends = chain.ChainAccepted();
            if (appends.Count == 0)
            {
                continue;
            }

            TenantScope.Add(batch, chain.Tenant);
            batch.BatchCommands.Add(Positional.Command(AuditLogSql.Append,
                Positional.Value(chain.Tenant),
                Positional.Value(appends.Select(append => append.Record!.Seq).ToArray()),
                Positional.Value(appends.Select(append => append.Entry.Stream).ToArray()),
                Positional.Value(appends.Select(append => append.StreamVersion).ToArray()),
                Positional.Value(appends.Select(append => append.Entry.Kind).ToArray()),
                Positional.Value(appends.Select(append => append.Entry.Actor).ToArray()),
                Positional.Value(appends.Select(append => append.Entry.Data).ToArray()),
                Positional.Value(appends.Select(append => append.At.UtcDateTime).ToArray()),
                Positional.Value(appends.Select(append => append.Record!.PrevHash).ToArray()),
                Positional.Value(appends.Select(append => append.Record!.Hash).ToArray())));
            batch.BatchCommands.Add(Positional.Command(AuditLogSql.MoveChainHead,
                Positional.Value(chain.Tenant),
                Positional.Value(appends[^1].Record!.Seq),
                Positional.Value(chain.HeadHash)));
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);
}
