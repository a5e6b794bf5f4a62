using Beach.Actors.Audit;
using Beach.Actors.Persistence;

namespace Beach.Actors.Sqlite.Tests;

public sealed class SqliteAuditLogTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
    private const string Stream = "controller/session-1";
    private static readonly DateTimeOffset At = new(2026, 3, 14, 15, 9, 26, 535, TimeSpan.Zero);

    private readonly TestDatabase _files = new();
    private SqliteDatabase _database = null!;
    private SqliteAuditLog _log = null!;

    public Task InitializeAsync()
    {
        _database = _files.Open();
        _log = new SqliteAuditLog(_database);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _files.DisposeAsync();

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

        var stored = await _log.ReadLastAsync(Tenant, Stream);
        stored.ShouldBe(appended);
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
    public async Task Append_at_the_expected_version_succeeds()
    {
        var first = await _log.AppendAsync(Entry(Stream, "granted") with { ExpectedVersion = 0 });

        var second = await _log.AppendAsync(Entry(Stream, "renewed") with { ExpectedVersion = first.StreamVersion });

        second.StreamVersion.ShouldBe(2);
    }

    [Fact]
    public async Task Expected_version_conflict_fails_only_that_entry_while_its_batch_neighbour_commits()
    {
        await _log.AppendAsync(Entry(Stream, "granted"));
        using var gate = new BlockingWrite();
        var blocked = _database.Writer.EnqueueAsync(gate);
        await gate.Entered;
        var batchesBefore = _database.WriterStatistics.BatchesCommitted;

        // Both wait behind the gate, so the writer takes them into the same transaction.
        var stale = _log.AppendAsync(Entry(Stream, "renewed") with { ExpectedVersion = 0 }).AsTask();
        var neighbour = _log.AppendAsync(Entry("controller/session-2", "granted")).AsTask();
        gate.Release();
        await blocked;

        var conflict = await Should.ThrowAsync<InconsistentStateException>(stale);
        conflict.StoredEtag.ShouldBe("1");
        conflict.CurrentEtag.ShouldBe("0");
        var committed = await neighbour;
        committed.StreamVersion.ShouldBe(1);
        _database.WriterStatistics.BatchesCommitted.ShouldBe(batchesBefore + 2);
        (await _log.ReadStreamAsync(Tenant, Stream, 0, 10)).Count.ShouldBe(1);
        (await _log.ReadLastAsync(Tenant, "controller/session-2")).ShouldBe(committed);
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
    public async Task Records_survive_reopening_and_versions_continue_after_it()
    {
        var before = await _log.AppendAsync(Entry(Stream, "granted"));

        _database = await _files.ReopenAsync(_database);
        var reopened = new SqliteAuditLog(_database);
        var after = await reopened.AppendAsync(Entry(Stream, "renewed") with { ExpectedVersion = 1 });

        (await reopened.ReadStreamAsync(Tenant, Stream, 0, 10)).ShouldBe([before, after]);
        after.StreamVersion.ShouldBe(2);
        after.Seq.ShouldBeGreaterThan(before.Seq);
    }

    [Fact]
    public async Task Time_reads_back_as_the_same_instant_to_the_millisecond()
    {
        var at = new DateTimeOffset(2026, 7, 28, 23, 59, 59, 999, TimeSpan.FromHours(2)).AddTicks(4_321);

        var appended = await _log.AppendAsync(Entry(Stream, "granted") with { At = at });

        var stored = (await _log.ReadLastAsync(Tenant, Stream))!;
        var toTheMillisecond = new DateTimeOffset(2026, 7, 28, 21, 59, 59, 999, TimeSpan.Zero);
        stored.At.ShouldBe(toTheMillisecond);
        stored.At.UtcDateTime.ShouldBe(toTheMillisecond.UtcDateTime);
        appended.At.ShouldBe(stored.At);
    }

    private static AuditEntry Entry(string stream, string kind) => new(Tenant, stream, kind, Actor: null, Data: "{}", At);
}
