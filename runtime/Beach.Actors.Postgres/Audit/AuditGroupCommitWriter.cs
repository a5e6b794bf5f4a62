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
/// transaction of three round trips whatever its size: lock the batch's streams and read their heads; insert every
/// accepted append with one multi-row statement per tenant; commit. A caller's task completes only after that COMMIT.
/// The per-stream advisory locks make the head read and the insert atomic against writers on other silos. With a
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
            .Select(group => (Tenant: group.Key, Appends: group.ToList()))
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
    /// The first round trip: the fence's row lock and read (when there is a fence), the stream locks, and each
    /// tenant's stream heads. Returns why the batch is fenced (then the heads are not read back), or null and the heads.
    /// </summary>
    private async Task<(SiloUnavailableException? Fenced, Dictionary<(string Tenant, string Stream), long> Heads)> LockAndReadHeadsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<AuditAppend> live, List<(string Tenant, List<AuditAppend> Appends)> tenants)
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
        foreach (var (tenant, appends) in tenants)
        {
            TenantScope.Add(batch, tenant);
            batch.BatchCommands.Add(Positional.Command(AuditLogSql.Heads,
                Positional.Value(tenant),
                Positional.Value(appends.Select(append => append.Entry.Stream).Distinct(StringComparer.Ordinal).ToArray())));
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

            foreach (var (tenant, _) in tenants)
            {
                await reader.NextResultAsync().ConfigureAwait(false); // the previous command's result: locks or tenant
                await reader.NextResultAsync().ConfigureAwait(false);
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    heads[(tenant, reader.GetString(0))] = reader.GetInt64(1);
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

    private static async Task InsertAcceptedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<(string Tenant, List<AuditAppend> Appends)> tenants)
    {
        var accepted = tenants
            .Select(group => (group.Tenant, Appends: group.Appends.Where(append => append.IsAccepted).ToList()))
            .Where(group => group.Appends.Count > 0)
            .ToList();
        if (accepted.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (tenant, appends) in accepted)
        {
            TenantScope.Add(batch, tenant);
            batch.BatchCommands.Add(Positional.Command(AuditLogSql.Append,
                Positional.Value(tenant),
                Positional.Value(appends.Select(append => append.Entry.Stream).ToArray()),
                Positional.Value(appends.Select(append => append.StreamVersion).ToArray()),
                Positional.Value(appends.Select(append => append.Entry.Kind).ToArray()),
                Positional.Value(appends.Select(append => append.Entry.Actor).ToArray()),
                Positional.Value(appends.Select(append => append.Entry.Data).ToArray()),
                Positional.Value(appends.Select(append => append.At.UtcDateTime).ToArray())));
        }

        var reader = await batch.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            foreach (var (_, appends) in accepted)
            {
                await reader.NextResultAsync().ConfigureAwait(false);
                var byVersion = appends.ToDictionary(append => (append.Entry.Stream, append.StreamVersion));
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    byVersion[(reader.GetString(1), reader.GetInt64(2))].Stored(reader.GetInt64(0));
                }
            }
        }
    }

    private static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);
}
