using System.Diagnostics;
using System.Threading.Channels;
using Beach.Actors.Sqlite.Logging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using SQLitePCL;

namespace Beach.Actors.Sqlite.Writing;

/// <summary>
/// The database's only writer. Writes queue in a bounded channel; one dedicated thread takes everything queued (up to
/// <see cref="SqliteOptions.MaxBatchSize"/>), runs it in one transaction and commits once, so concurrent writers share
/// one fsync. A caller's task completes only after the commit that made its write durable.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private static readonly SqlStatement Begin = new("BEGIN IMMEDIATE");
    private static readonly SqlStatement Commit = new("COMMIT");
    private static readonly SqlStatement Rollback = new("ROLLBACK");

    private readonly SqliteConnection _connection;
    private readonly WriteBatch _batch;
    private readonly Channel<WriteOperation> _queue;
    private readonly int _queueCapacity;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _overloadRetryAfter;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _batchesCommitted;
    private long _itemsCommitted;
    private long _itemsRejected;
    private long _batchesFailed;

    // Stopwatch ticks per phase of the loop, written by the writer's thread alone and read by anyone.
    private long _waitingTicks;
    private long _executingTicks;
    private long _committingTicks;
    private long _publishingTicks;
    private int _closed;

    /// <summary>Starts the writer thread, which owns <paramref name="connection"/> from now on and closes it.</summary>
    public GroupCommitWriter(SqliteConnection connection, SqliteOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _connection = connection;
        _batch = new WriteBatch(connection, timeProvider);
        _queueCapacity = options.QueueCapacity;
        _maxBatchSize = options.MaxBatchSize;
        _overloadRetryAfter = options.OverloadRetryAfter;
        _logger = logger;
        _queue = Channel.CreateBounded<WriteOperation>(new BoundedChannelOptions(_queueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,

            // The only continuation is the writer's own wait (WaitToRead), which just wakes the writer's thread; run
            // inline, a write wakes it directly instead of through a thread-pool item that then wakes it.
            AllowSynchronousContinuations = true,
        });

        // A dedicated thread rather than a pool task: the loop blocks in fsync most of its life.
        new Thread(Run) { IsBackground = true, Name = "beach-sqlite-writer" }.Start();
    }

    public GroupCommitStatistics Statistics => new(
        Interlocked.Read(ref _batchesCommitted),
        Interlocked.Read(ref _itemsCommitted),
        Interlocked.Read(ref _itemsRejected),
        Interlocked.Read(ref _batchesFailed),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _waitingTicks)),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _executingTicks)),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _committingTicks)),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _publishingTicks)));

    /// <summary>
    /// Queues <paramref name="operation"/> and returns its completion. Never waits for room: when the queue is full
    /// the returned task has already failed with <see cref="OverloadedException"/>.
    /// </summary>
    public Task<T> EnqueueAsync<T>(WriteOperation<T> operation)
    {
        if (_queue.Writer.TryWrite(operation))
        {
            return operation.Completion;
        }

        return Task.FromException<T>(Volatile.Read(ref _closed) != 0
            ? new ObjectDisposedException(nameof(SqliteDatabase))
            : new OverloadedException($"The SQLite writer's queue is full ({_queueCapacity} pending writes).", _overloadRetryAfter));
    }

    /// <summary>Stops accepting writes, commits everything already queued, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        Close();
        await _stopped.Task.ConfigureAwait(false);
    }

    private void Close()
    {
        // The flag goes up before the channel closes, so a refused write can tell "closed" from "full".
        Volatile.Write(ref _closed, 1);
        _queue.Writer.TryComplete();
    }

    private void Run()
    {
        var reader = _queue.Reader;
        var pending = new List<WriteOperation>(_maxBatchSize);
        try
        {
            // After Close, WaitToRead keeps answering true until the queue is drained.
            while (TimedWaitToRead(reader))
            {
                while (pending.Count < _maxBatchSize && reader.TryRead(out var operation))
                {
                    pending.Add(operation);
                }

                CommitBatch(pending);
                pending.Clear();
            }
        }
        catch (Exception crash)
        {
            _logger.WriterCrashed(crash);
            Close();
            foreach (var operation in pending)
            {
                operation.PublishFailed(crash);
            }

            while (reader.TryRead(out var operation))
            {
                operation.PublishFailed(crash);
            }
        }
        finally
        {
            _batch.Dispose();
            _connection.Dispose();
            _logger.WriterStopped(Interlocked.Read(ref _batchesCommitted), Interlocked.Read(ref _itemsCommitted));
            _stopped.TrySetResult();
        }
    }

    private bool TimedWaitToRead(ChannelReader<WriteOperation> reader)
    {
        var started = Stopwatch.GetTimestamp();
        var more = WaitToRead(reader);
        Interlocked.Add(ref _waitingTicks, Stopwatch.GetTimestamp() - started);
        return more;
    }

    private static bool WaitToRead(ChannelReader<WriteOperation> reader)
    {
        var waiting = reader.WaitToReadAsync();
        return waiting.IsCompletedSuccessfully ? waiting.Result : waiting.AsTask().GetAwaiter().GetResult();
    }

    private void CommitBatch(List<WriteOperation> operations)
    {
        if (operations.Count == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            // Another connection's write lock (another process, a checkpoint) is waited for by SQLite itself, for
            // SqliteOptions.BusyTimeout (the busy_timeout pragma); past it the batch fails with SQLITE_BUSY.
            _batch.Prepared(Begin).ExecuteNonQuery();
            _batch.ForgetIfChangedElsewhere();
            foreach (var operation in operations)
            {
                operation.Execute(_batch);
            }

            var executed = Stopwatch.GetTimestamp();
            Interlocked.Add(ref _executingTicks, executed - started);
            _batch.Prepared(Commit).ExecuteNonQuery();
            Interlocked.Add(ref _committingTicks, Stopwatch.GetTimestamp() - executed);
        }
        catch (Exception error)
        {
            RollBack();
            _batch.Forget();
            Interlocked.Increment(ref _batchesFailed);
            _logger.BatchFailed(error, operations.Count);
            foreach (var operation in operations)
            {
                operation.PublishFailed(error);
            }

            return;
        }

        var committed = Stopwatch.GetTimestamp();
        var rejected = 0;
        var skipped = 0;
        foreach (var operation in operations)
        {
            rejected += operation.IsRejected ? 1 : 0;
            skipped += operation.IsSkipped ? 1 : 0;
        }

        Interlocked.Increment(ref _batchesCommitted);
        Interlocked.Add(ref _itemsCommitted, operations.Count - rejected - skipped);
        Interlocked.Add(ref _itemsRejected, rejected);
        foreach (var operation in operations)
        {
            operation.PublishCommitted();
        }

        Interlocked.Add(ref _publishingTicks, Stopwatch.GetTimestamp() - committed);
    }

    private void RollBack()
    {
        // SQLite rolls back by itself after some errors; ROLLBACK outside a transaction would only fail again.
        if (raw.sqlite3_get_autocommit(_connection.Handle) != 0)
        {
            return;
        }

        try
        {
            _batch.Command(Rollback).ExecuteNonQuery();
        }
        catch (SqliteException error)
        {
            _logger.RollbackFailed(error);
        }
    }
}
