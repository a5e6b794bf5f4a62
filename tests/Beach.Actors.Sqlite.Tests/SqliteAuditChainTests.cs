using Beach.Actors.Audit;
using Beach.Actors.Persistence;
using Microsoft.Data.Sqlite;

namespace Beach.Actors.Sqlite.Tests;

/// <summary>
/// The SQLite audit log's per-tenant hash chain and its tenant-wide query, and that the heads the writer remembers
/// between batches (<see cref="Audit.AuditHeads"/>) never make it append from a head that is no longer true.
/// </summary>
public sealed class SqliteAuditChainTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
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
    public async Task A_tenants_first_record_chains_from_genesis_and_each_next_from_the_one_before()
    {
        var first = await _log.AppendAsync(Entry("controller/s1", "granted"));
        var second = await _log.AppendAsync(Entry("controller/s2", "granted"));

        first.PrevHash.ShouldBe(AuditChain.GENESIS_HASH);
        first.Hash.ShouldBe(AuditChain.ComputeHash(first));
        second.PrevHash.ShouldBe(first.Hash);
        (await ReadAllAsync(Tenant)).ShouldBe([first, second]);
    }

    [Fact]
    public async Task Concurrent_appends_sharing_batches_form_one_valid_chain_in_seq_order()
    {
        using var blocker = new BlockingWrite();
        var blocked = _database.Writer.EnqueueAsync(blocker);
        await blocker.Entered;

        // Queued behind the blocked batch, so they commit together; one is refused in the middle of the batch.
        var appends = Enumerable.Range(0, 20).Select(i => _log.AppendAsync(Entry($"stream-{i % 3}", $"event-{i}")).AsTask()).ToList();
        var refused = _log.AppendAsync(Entry("stream-0", "stale") with { ExpectedVersion = 0 }).AsTask();
        appends.AddRange(Enumerable.Range(20, 20).Select(i => _log.AppendAsync(Entry($"stream-{i % 3}", $"event-{i}")).AsTask()));
        blocker.Release();
        await blocked;
        await Task.WhenAll(appends);
        await Should.ThrowAsync<InconsistentStateException>(refused);
        var more = await _log.AppendAsync(Entry("stream-9", "after-the-batch"));

        var all = await ReadAllAsync(Tenant);
        all.Count.ShouldBe(41);
        all[^1].ShouldBe(more);
        AuditChainVerifier.Verify(Tenant, all).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task The_chain_continues_across_a_reopened_file()
    {
        await _log.AppendAsync(Entry("controller/s1", "granted"));
        var beforeRestart = await _log.AppendAsync(Entry("controller/s1", "renewed"));

        _database = await _files.ReopenAsync(_database);
        _log = new SqliteAuditLog(_database);
        var afterRestart = await _log.AppendAsync(Entry("controller/s1", "released"));

        afterRestart.PrevHash.ShouldBe(beforeRestart.Hash);
        afterRestart.Seq.ShouldBeGreaterThan(beforeRestart.Seq);
        AuditChainVerifier.Verify(Tenant, await ReadAllAsync(Tenant)).ShouldBe(new AuditChainVerification(Tenant, 3, afterRestart.Hash, null));
    }

    [Fact]
    public async Task Tenants_chain_independently()
    {
        var a1 = await _log.AppendAsync(Entry("controller/s1", "granted"));
        var b1 = await _log.AppendAsync(Entry("controller/s1", "granted") with { Tenant = "tenant-b" });
        var a2 = await _log.AppendAsync(Entry("controller/s1", "renewed"));
        var b2 = await _log.AppendAsync(Entry("controller/s1", "renewed") with { Tenant = "tenant-b" });

        b1.PrevHash.ShouldBe(AuditChain.GENESIS_HASH);
        a2.PrevHash.ShouldBe(a1.Hash);
        b2.PrevHash.ShouldBe(b1.Hash);
        (await ReadAllAsync(Tenant)).ShouldBe([a1, a2]);
        (await ReadAllAsync("tenant-b")).ShouldBe([b1, b2]);
        AuditChainVerifier.Verify(Tenant, await ReadAllAsync(Tenant)).IsIntact.ShouldBeTrue();
        AuditChainVerifier.Verify("tenant-b", await ReadAllAsync("tenant-b")).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task A_record_changed_in_the_file_is_named_by_the_verifier()
    {
        var records = new List<AuditRecord>();
        for (var i = 0; i < 5; i++)
        {
            records.Add(await _log.AppendAsync(Entry("controller/s1", $"event-{i}") with { Data = $$"""{"n":{{i}}}""" }));
        }

        await ExecuteAsync("UPDATE audit_log SET data = '{\"n\":99}' WHERE seq = @seq", records[2].Seq);

        var verification = AuditChainVerifier.Verify(Tenant, await ReadAllAsync(Tenant));
        verification.FirstBreak.ShouldNotBeNull().Seq.ShouldBe(records[2].Seq);
        verification.FirstBreak.Reason.ShouldBe(AuditChainBreakReason.HashMismatch);
        verification.RecordsChecked.ShouldBe(3);
    }

    [Fact]
    public async Task A_record_deleted_from_the_file_breaks_the_link_of_the_next()
    {
        var records = new List<AuditRecord>();
        for (var i = 0; i < 4; i++)
        {
            records.Add(await _log.AppendAsync(Entry("controller/s1", $"event-{i}")));
        }

        await ExecuteAsync("DELETE FROM audit_log WHERE seq = @seq", records[1].Seq);

        var verification = AuditChainVerifier.Verify(Tenant, await ReadAllAsync(Tenant));
        verification.FirstBreak.ShouldNotBeNull().Seq.ShouldBe(records[2].Seq);
        verification.FirstBreak.Reason.ShouldBe(AuditChainBreakReason.BrokenLink);
    }

    [Fact]
    public async Task Rows_written_before_the_chain_are_chained_when_the_file_is_opened()
    {
        var written = new List<AuditRecord>();
        for (var i = 0; i < 3; i++)
        {
            written.Add(await _log.AppendAsync(Entry("controller/s1", $"event-{i}") with { Actor = i == 1 ? null : "ctl" }));
            written.Add(await _log.AppendAsync(Entry("controller/s1", $"event-{i}") with { Tenant = "tenant-b" }));
        }

        // As a database from before migration 5 holds them: no hashes.
        await _database.DisposeAsync();
        await ExecuteAsync("UPDATE audit_log SET prev_hash = NULL, hash = NULL WHERE seq > @seq", 0);

        _database = _files.Open();
        _log = new SqliteAuditLog(_database);

        // The backfill hashes exactly as the writer does, so every record reads back as it was appended.
        (await ReadAllAsync(Tenant)).ShouldBe(written.Where(record => record.Tenant == Tenant));
        (await ReadAllAsync("tenant-b")).ShouldBe(written.Where(record => record.Tenant == "tenant-b"));
        var next = await _log.AppendAsync(Entry("controller/s1", "after"));
        next.PrevHash.ShouldBe(written[^2].Hash);
    }

    [Fact]
    public async Task Query_filters_by_streams_kind_actor_and_time_and_pages_by_seq()
    {
        var granted = await _log.AppendAsync(Entry("controller/s1", "granted") with { Actor = "alice", At = At });
        var other = await _log.AppendAsync(Entry("controller/s2", "granted") with { Actor = "bob", At = At.AddMinutes(1) });
        var read = await _log.AppendAsync(Entry("session/s1", "state_read") with { At = At.AddMinutes(2) });
        var renewed = await _log.AppendAsync(Entry("controller/s1", "renewed") with { Actor = "alice", At = At.AddMinutes(3) });
        await _log.AppendAsync(Entry("controller/s1", "granted") with { Tenant = "tenant-b", Actor = "alice" });

        (await Query(new AuditQuery(Tenant) { Streams = ["controller/s1", "session/s1"] })).ShouldBe([granted, read, renewed]);
        (await Query(new AuditQuery(Tenant) { Kind = "granted" })).ShouldBe([granted, other]);
        (await Query(new AuditQuery(Tenant) { Actor = "alice" })).ShouldBe([granted, renewed]);
        (await Query(new AuditQuery(Tenant) { Since = At.AddMinutes(1), Until = At.AddMinutes(3) })).ShouldBe([other, read]);
        (await Query(new AuditQuery(Tenant) { Limit = 2 })).ShouldBe([granted, other]);
        (await Query(new AuditQuery(Tenant) { AfterSeq = other.Seq, Limit = 2 })).ShouldBe([read, renewed]);
        (await Query(new AuditQuery(Tenant) { AfterSeq = renewed.Seq })).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_record_another_connection_appended_is_where_the_next_append_continues_from()
    {
        var mine = await _log.AppendAsync(Entry("controller/s1", "granted"));
        var theirs = await AppendFromAnotherConnectionAsync(mine, "renewed");

        var next = await _log.AppendAsync(Entry("controller/s1", "released") with { ExpectedVersion = 2 });

        next.StreamVersion.ShouldBe(3);
        next.Seq.ShouldBe(theirs.Seq + 1);
        next.PrevHash.ShouldBe(theirs.Hash);
        var all = await _log.QueryAsync(new AuditQuery(Tenant));
        all.Select(record => record.Seq).ShouldBe([mine.Seq, theirs.Seq, next.Seq]);
        AuditChainVerifier.Verify(Tenant, all).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task A_stale_expected_version_is_still_refused_when_the_head_comes_from_memory()
    {
        await _log.AppendAsync(Entry("controller/s1", "granted"));
        await _log.AppendAsync(Entry("controller/s1", "renewed"));

        var refused = await Should.ThrowAsync<InconsistentStateException>(_log.AppendAsync(Entry("controller/s1", "stale") with { ExpectedVersion = 1 }).AsTask());

        refused.Message.ShouldContain("expected version 1, stream is at version 2");
        (await _log.AppendAsync(Entry("controller/s1", "released") with { ExpectedVersion = 2 })).StreamVersion.ShouldBe(3);
    }

    private Task<IReadOnlyList<AuditRecord>> Query(AuditQuery query) => _log.QueryAsync(query);

    private async Task<List<AuditRecord>> ReadAllAsync(string tenant)
    {
        var all = new List<AuditRecord>();
        while (true)
        {
            var page = await _log.QueryAsync(new AuditQuery(tenant) { AfterSeq = all.Count == 0 ? 0 : all[^1].Seq, Limit = 7 });
            all.AddRange(page);
            if (page.Count < 7)
            {
                return all;
            }
        }
    }

    /// <summary>Changes the file behind the log's back, as someone with access to the disk could.</summary>
    private async Task ExecuteAsync(string sql, long seq)
    {
        await using var connection = await OpenOtherConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@seq", seq);
        (await command.ExecuteNonQueryAsync()).ShouldBeGreaterThan(0);
    }

    /// <summary>What a second process on the same file, or an operator's tool, could do: one correctly chained append.</summary>
    private async Task<AuditRecord> AppendFromAnotherConnectionAsync(AuditRecord after, string kind)
    {
        var record = new AuditRecord(after.Seq + 1, Tenant, after.Stream, after.StreamVersion + 1, kind, null, "{}", At, after.Hash, "");
        record = record with { Hash = AuditChain.ComputeHash(record) };
        await using var connection = await OpenOtherConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            "INSERT INTO audit_log (seq, tenant, stream, stream_version, kind, actor, data, at, prev_hash, hash) " +
            "VALUES (@seq, @tenant, @stream, @version, @kind, NULL, @data, @at, @prev_hash, @hash)";
        command.Parameters.AddWithValue("@seq", record.Seq);
        command.Parameters.AddWithValue("@tenant", record.Tenant);
        command.Parameters.AddWithValue("@stream", record.Stream);
        command.Parameters.AddWithValue("@version", record.StreamVersion);
        command.Parameters.AddWithValue("@kind", record.Kind);
        command.Parameters.AddWithValue("@data", record.Data);
        command.Parameters.AddWithValue("@at", record.At.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("@prev_hash", Convert.FromHexString(record.PrevHash));
        command.Parameters.AddWithValue("@hash", Convert.FromHexString(record.Hash));
        (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        return record;
    }

    /// <summary>A connection of its own to the log's file, as another process would have.</summary>
    private async Task<SqliteConnection> OpenOtherConnectionAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _database.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static AuditEntry Entry(string stream, string kind) => new(Tenant, stream, kind, Actor: null, Data: "{}", At);
}
