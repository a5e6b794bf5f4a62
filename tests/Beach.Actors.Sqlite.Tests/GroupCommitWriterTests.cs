using Beach.Actors.Audit;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Beach.Actors.Sqlite.Tests;

public sealed class GroupCommitWriterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _files = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _files.DisposeAsync();

    [Fact]
    public async Task Concurrent_appends_share_commits()
    {
        const int Appends = 200;
        var database = _files.Open();
        var log = new SqliteAuditLog(database);

        var records = await Task.WhenAll(Enumerable.Range(0, Appends)
            .Select(i => Task.Run(() => log.AppendAsync(Entry($"stream-{i % 10}")).AsTask())));

        var statistics = database.WriterStatistics;
        output.WriteLine($"{statistics.ItemsCommitted} appends in {statistics.BatchesCommitted} batches (mean {statistics.MeanBatchSize:F1} per batch)");
        records.Select(record => record.Seq).Distinct().Count().ShouldBe(Appends);
        statistics.ItemsCommitted.ShouldBe(Appends);
        statistics.BatchesCommitted.ShouldBeLessThan(statistics.ItemsCommitted);
        statistics.Executing.ShouldBeGreaterThan(TimeSpan.Zero);
        statistics.Committing.ShouldBeGreaterThan(TimeSpan.Zero);
        statistics.Waiting.ShouldBeGreaterThan(TimeSpan.Zero);
        var later = database.WriterStatistics.Since(statistics);
        (later.BatchesCommitted, later.ItemsCommitted, later.Committing).ShouldBe((0L, 0L, TimeSpan.Zero));
        for (var stream = 0; stream < 10; stream++)
        {
            var versions = (await log.ReadStreamAsync(Tenant, $"stream-{stream}", 0, Appends)).Select(record => record.StreamVersion);
            versions.ShouldBe(Enumerable.Range(1, Appends / 10).Select(version => (long)version));
        }
    }

    [Fact]
    public async Task A_full_queue_refuses_a_write_at_once_with_overloaded()
    {
        const int Capacity = 4;
        var retryAfter = TimeSpan.FromMilliseconds(250);
        var database = _files.Open(options =>
        {
            options.QueueCapacity = Capacity;
            options.OverloadRetryAfter = retryAfter;
        });
        var log = new SqliteAuditLog(database);
        using var gate = new BlockingWrite();
        var blocked = database.Writer.EnqueueAsync(gate);
        await gate.Entered;

        var queued = Enumerable.Range(0, Capacity).Select(i => log.AppendAsync(Entry("stream")).AsTask()).ToArray();
        var refused = log.AppendAsync(Entry("stream")).AsTask();

        refused.IsFaulted.ShouldBeTrue();
        var overloaded = await Should.ThrowAsync<OverloadedException>(refused);
        overloaded.RetryAfter.ShouldBe(retryAfter);
        gate.Release();
        await blocked;
        (await Task.WhenAll(queued)).Select(record => record.StreamVersion).ShouldBe([1L, 2L, 3L, 4L]);
    }

    [Fact]
    public async Task An_unexpected_error_rolls_back_the_batch_and_fails_every_write_in_it()
    {
        var database = _files.Open();
        var log = new SqliteAuditLog(database);
        using var gate = new BlockingWrite();
        var blocked = database.Writer.EnqueueAsync(gate);
        await gate.Entered;

        var neighbour = log.AppendAsync(Entry("stream")).AsTask();
        var failing = database.Writer.EnqueueAsync(new FailingWrite());
        gate.Release();
        await blocked;

        await Should.ThrowAsync<SqliteException>(failing);
        await Should.ThrowAsync<SqliteException>(neighbour);
        database.WriterStatistics.BatchesFailed.ShouldBe(1);
        (await log.ReadLastAsync(Tenant, "stream")).ShouldBeNull();
        (await log.AppendAsync(Entry("stream"))).StreamVersion.ShouldBe(1);
    }

    [Fact]
    public async Task Dispose_commits_the_writes_already_queued()
    {
        const int Queued = 50;
        var database = _files.Open();
        var log = new SqliteAuditLog(database);
        using var gate = new BlockingWrite();
        var blocked = database.Writer.EnqueueAsync(gate);
        await gate.Entered;
        var queued = Enumerable.Range(0, Queued).Select(_ => log.AppendAsync(Entry("stream")).AsTask()).ToArray();

        var disposing = database.DisposeAsync().AsTask();
        gate.Release();
        await disposing;

        await blocked;
        (await Task.WhenAll(queued)).Length.ShouldBe(Queued);
        var reopened = new SqliteAuditLog(_files.Open());
        (await reopened.ReadLastAsync(Tenant, "stream"))!.StreamVersion.ShouldBe(Queued);
    }

    [Fact]
    public async Task A_write_after_dispose_is_refused()
    {
        var database = _files.Open();
        var log = new SqliteAuditLog(database);
        await database.DisposeAsync();

        await Should.ThrowAsync<ObjectDisposedException>(log.AppendAsync(Entry("stream")).AsTask());
    }

    [Fact]
    public async Task A_write_cancelled_before_the_writer_reaches_it_does_nothing()
    {
        var database = _files.Open();
        var log = new SqliteAuditLog(database);
        using var gate = new BlockingWrite();
        using var cancellation = new CancellationTokenSource();
        var blocked = database.Writer.EnqueueAsync(gate);
        await gate.Entered;

        var cancelled = log.AppendAsync(Entry("stream"), cancellation.Token).AsTask();
        await cancellation.CancelAsync();
        gate.Release();
        await blocked;

        await Should.ThrowAsync<OperationCanceledException>(cancelled);
        (await log.ReadLastAsync(Tenant, "stream")).ShouldBeNull();
    }

    private static AuditEntry Entry(string stream) => new(Tenant, stream, "granted", Actor: null, Data: "{}", At);
}
