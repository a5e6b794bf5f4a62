using Beach.Actors.Audit;
using Beach.Actors.Persistence;

namespace Beach.Actors.Postgres.Tests;

public sealed class PostgresAuditLogTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private const string Stream = "controller/session-1";
    private static readonly DateTimeOffset At = new(2026, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);

    private TestStore _store = null!;
    private PostgresAuditLog _log = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        _log = Open();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Appends_get_increasing_seq_and_versions_counted_per_stream()
    {
        var first = await _log.AppendAsync(Entry(Stream, "granted"));
        var other = await _log.AppendAsync(Entry("controller/session-2", "granted"));
        var second = await _log.AppendAsync(Entry(Stream, "renewed"));

        other.Seq.ShouldBeGreaterThan(first.Seq);
        second.Seq.ShouldBeGreaterThan(other.Seq);
        first.StreamVersion.ShouldBe(1);
        other.StreamVersion.ShouldBe(1);
        second.StreamVersion.ShouldBe(2);
    }

    [Fact]
    public async Task Append_returns_the_record_as_stored()
    {
        var entry = Entry(Stream, "granted") with { Actor = "controller-7", Data = """{"fencing_token":3}""" };

        var appended = await _log.AppendAsync(entry);

        (await _log.ReadLastAsync(Tenant, Stream)).ShouldBe(appended);
        appended.ShouldBe(new AuditRecord(appended.Seq, Tenant, Stream, 1, "granted", "controller-7", """{"fencing_token":3}""", At, appended.PrevHash, appended.Hash));
        appended.Hash.ShouldBe(AuditChain.ComputeHash(appended));
    }

    [Fact]
    public async Task Streams_of_different_tenants_are_versioned_apart()
    {
        await _log.AppendAsync(Entry(Stream, "granted"));

        var otherTenant = await _log.AppendAsync(Entry(Stream, "granted") with { Tenant = "tenant-b" });

        otherTenant.StreamVersion.ShouldBe(1);
        (await _log.ReadStreamAsync("tenant-b", Stream, afterSeq: 0, limit: 10)).ShouldHaveSingleItem().ShouldBe(otherTenant);
    }

    [Fact]
    public async Task Append_at_the_expected_version_succeeds_and_at_another_is_refused()
    {
        var first = await _log.AppendAsync(Entry(Stream, "granted") with { ExpectedVersion = 0 });
        var second = await _log.AppendAsync(Entry(Stream, "renewed") with { ExpectedVersion = first.StreamVersion });

        var conflict = await Should.ThrowAsync<InconsistentStateException>(
            _log.AppendAsync(Entry(Stream, "stolen") with { ExpectedVersion = 1 }).AsTask());

        second.StreamVersion.ShouldBe(2);
        conflict.StoredEtag.ShouldBe("2");
        conflict.CurrentEtag.ShouldBe("1");
        (await _log.ReadLastAsync(Tenant, Stream)).ShouldBe(second);
    }

    [Fact]
    public async Task In_one_batch_two_appends_at_the_same_expected_version_one_wins_and_neighbours_commit()
    {
        await _log.AppendAsync(Entry(Stream, "granted"));
        var batchesBefore = _log.WriterStatistics.BatchesCommitted;
        await using (var held = await StreamLock.TakeAsync(_store.Database.ConnectionString, Tenant, "blocker"))
        {
            var blocked = _log.AppendAsync(Entry("blocker", "first")).AsTask();
            await held.WaitForWaiterAsync();

            // All three queue behind the blocked commit, so the writer takes them into the next transaction together.
            var winner = _log.AppendAsync(Entry(Stream, "renewed") with { ExpectedVersion = 1 }).AsTask();
            var loser = _log.AppendAsync(Entry(Stream, "renewed-too") with { ExpectedVersion = 1 }).AsTask();
            var neighbour = _log.AppendAsync(Entry("controller/session-2", "granted")).AsTask();
            await held.DisposeAsync();
            await blocked;

            (await winner).StreamVersion.ShouldBe(2);
            var conflict = await Should.ThrowAsync<InconsistentStateException>(loser);
            conflict.StoredEtag.ShouldBe("2");
            conflict.CurrentEtag.ShouldBe("1");
            (await neighbour).StreamVersion.ShouldBe(1);
        }

        _log.WriterStatistics.BatchesCommitted.ShouldBe(batchesBefore + 2);
        (await _log.ReadStreamAsync(Tenant, Stream, 0, 10)).Select(record => record.Kind).ShouldBe(["granted", "renewed"]);
    }

    [Fact]
    public async Task Two_silos_appending_to_one_stream_get_distinct_consecutive_versions()
    {
        var other = Open();

        var appends = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => (i % 2 == 0 ? _log : other).AppendAsync(Entry(Stream, $"event-{i}")).AsTask()));

        appends.Select(record => record.StreamVersion).Order().ShouldBe(Enumerable.Range(1, 40).Select(version => (long)version));
        var stored = await _log.ReadStreamAsync(Tenant, Stream, 0, 100);
        stored.Select(record => record.StreamVersion).ShouldBe(Enumerable.Range(1, 40).Select(version => (long)version));
        stored.Select(record => record.Seq).ShouldBeInOrder();
    }

    [Fact]
    public async Task Sixteen_concurrent_appenders_are_all_durable_and_share_commits()
    {
        const int APPENDERS = 16;
        const int EACH = 25;

        var appended = await Task.WhenAll(Enumerable.Range(0, APPENDERS).Select(appender => Task.Run(async () =>
        {
            var records = new List<AuditRecord>();
            for (var i = 0; i < EACH; i++)
            {
                records.Add(await _log.AppendAsync(Entry($"stream-{appender}", $"event-{i}") with { ExpectedVersion = i }));
            }

            return records;
        })));

        // Read back through another silo's log: every acknowledged append is in the database.
        var reader = Open();
        for (var appender = 0; appender < APPENDERS; appender++)
        {
            (await reader.ReadStreamAsync(Tenant, $"stream-{appender}", 0, 100)).ShouldBe(appended[appender]);
        }

        var statistics = _log.WriterStatistics;
        statistics.ItemsCommitted.ShouldBe(APPENDERS * EACH);
        statistics.MeanBatchSize.ShouldBeGreaterThan(1.0);
        statistics.Waiting.ShouldBeGreaterThan(TimeSpan.Zero);
        statistics.Preparing.ShouldBeGreaterThan(TimeSpan.Zero);
        statistics.RoundTrips.ShouldBeGreaterThan(TimeSpan.Zero);
        statistics.Publishing.ShouldBeGreaterThan(TimeSpan.Zero);

        var later = _log.WriterStatistics.Since(statistics);
        (later.BatchesCommitted, later.ItemsCommitted, later.RoundTrips).ShouldBe((0L, 0L, TimeSpan.Zero));
        (later + statistics).ShouldBe(_log.WriterStatistics);
    }

    [Fact]
    public async Task A_full_queue_refuses_appends_at_once_with_overloaded()
    {
        var log = Open(options =>
        {
            options.QueueCapacity = 1;
            options.MaxBatchSize = 1;
        });
        await using var held = await StreamLock.TakeAsync(_store.Database.ConnectionString, Tenant, "blocker");
        var inFlight = log.AppendAsync(Entry("blocker", "first")).AsTask();
        await held.WaitForWaiterAsync();
        var queued = log.AppendAsync(Entry(Stream, "queued")).AsTask();

        var overloaded = await Should.ThrowAsync<OverloadedException>(log.AppendAsync(Entry(Stream, "refused")).AsTask());

        overloaded.RetryAfter.ShouldBe(TimeSpan.FromMilliseconds(PostgresOptions.DEFAULT_OVERLOAD_RETRY_AFTER_MILLISECONDS));
        await held.DisposeAsync();
        (await inFlight).StreamVersion.ShouldBe(1);
        (await queued).StreamVersion.ShouldBe(1);
        (await log.ReadStreamAsync(Tenant, Stream, 0, 10)).Select(record => record.Kind).ShouldBe(["queued"]);
    }

    [Fact]
    public async Task ReadStream_pages_oldest_first_after_a_seq()
    {
        var appended = new List<AuditRecord>();
        for (var i = 0; i < 5; i++)
        {
            appended.Add(await _log.AppendAsync(Entry(Stream, $"event-{i}")));
            await _log.AppendAsync(Entry("interleaved", $"noise-{i}"));
        }

        var firstPage = await _log.ReadStreamAsync(Tenant, Stream, afterSeq: 0, limit: 2);
        var secondPage = await _log.ReadStreamAsync(Tenant, Stream, afterSeq: firstPage[^1].Seq, limit: 2);
        var lastPage = await _log.ReadStreamAsync(Tenant, Stream, afterSeq: secondPage[^1].Seq, limit: 2);
        var beyond = await _log.ReadStreamAsync(Tenant, Stream, afterSeq: lastPage[^1].Seq, limit: 2);

        firstPage.ShouldBe(appended.Take(2));
        secondPage.ShouldBe(appended.Skip(2).Take(2));
        lastPage.ShouldBe(appended.Skip(4));
        beyond.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReadLast_returns_the_newest_record_or_null_for_an_empty_stream()
    {
        (await _log.ReadLastAsync(Tenant, Stream)).ShouldBeNull();
        await _log.AppendAsync(Entry(Stream, "granted"));
        var newest = await _log.AppendAsync(Entry(Stream, "released"));

        (await _log.ReadLastAsync(Tenant, Stream)).ShouldBe(newest);
    }

    [Fact]
    public async Task Time_reads_back_as_the_same_instant_to_the_millisecond()
    {
        var at = new DateTimeOffset(2026, 7, 28, 23, 59, 59, 999, TimeSpan.FromHours(2)).AddTicks(4_321);

        var appended = await _log.AppendAsync(Entry(Stream, "granted") with { At = at });

        var stored = (await _log.ReadLastAsync(Tenant, Stream))!;
        var toTheMillisecond = new DateTimeOffset(2026, 7, 28, 21, 59, 59, 999, TimeSpan.Zero);
        stored.At.ShouldBe(toTheMillisecond);
        appended.At.ShouldBe(stored.At);
    }

    [Fact]
    public async Task Data_that_is_not_json_is_refused_before_it_is_queued()
    {
        await Should.ThrowAsync<ArgumentException>(async () => await _log.AppendAsync(Entry(Stream, "granted") with { Data = "{not json" }));
    }

    private PostgresAuditLog Open(Action<PostgresOptions>? configure = null) => _store.Track(new PostgresAuditLog(_store.Open(configure)));

    private static AuditEntry Entry(string stream, string kind) => new(Tenant, stream, kind, Actor: null, Data: "{}", At);
}
