using Beach.Actors.Audit;
using Beach.Actors.Persistence;
using Npgsql;

namespace Beach.Actors.Postgres.Tests;

/// <summary>
/// The PostgreSQL audit log's per-tenant hash chain: one linear chain per tenant even with several writers (silos)
/// appending for it at once, tenants apart, rows changed behind the log's back named, old rows backfilled.
/// </summary>
public sealed class PostgresAuditChainTests : IAsyncLifetime
{
    private const string Tenant = "tenant-a";
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
    public async Task Appends_chain_from_genesis_across_batches_and_read_back_as_appended()
    {
        var first = await _log.AppendAsync(Entry("controller/s1", "granted") with { Actor = "alice", Data = """{"é": "ü", "n" : 1}""" });
        var second = await _log.AppendAsync(Entry("controller/s1", "renewed"));

        first.PrevHash.ShouldBe(AuditChain.GENESIS_HASH);
        first.Hash.ShouldBe(AuditChain.ComputeHash(first));
        second.PrevHash.ShouldBe(first.Hash);
        (await ReadAllAsync(_log, Tenant)).ShouldBe([first, second]);
    }

    [Fact]
    public async Task A_writer_that_chains_from_a_head_another_writer_moved_writes_nothing_of_it_and_lets_the_server_decide()
    {
        // The first append teaches the writer the head and the stream's version; the second it decides and chains itself.
        await _log.AppendAsync(Entry("controller/s1", "granted"));
        (await _log.AppendAsync(Entry("controller/s1", "renewed") with { ExpectedVersion = 1 })).StreamVersion.ShouldBe(2);
        _log.WriterStatistics.HeadsMoved.ShouldBe(0);

        // Another silo's writer appends: the first writer's head and version are stale now. By them, expected version 3
        // would be refused (it knows version 2); the head check finds the head moved, and the server decides instead.
        (await Open().AppendAsync(Entry("controller/s1", "renewed"))).StreamVersion.ShouldBe(3);
        var fourth = await _log.AppendAsync(Entry("controller/s1", "released") with { ExpectedVersion = 3 });

        fourth.StreamVersion.ShouldBe(4);
        _log.WriterStatistics.HeadsMoved.ShouldBe(1);
        var chain = await ReadAllAsync(_log, Tenant);
        chain.Select(record => record.StreamVersion).ShouldBe([1L, 2L, 3L, 4L]);
        chain[^1].ShouldBe(fourth);
        AuditChainVerifier.Verify(Tenant, chain).IsIntact.ShouldBeTrue();

        // Taught again by the server's answer, the writer chains the next one itself.
        (await _log.AppendAsync(Entry("controller/s1", "granted") with { ExpectedVersion = 4 })).StreamVersion.ShouldBe(5);
        _log.WriterStatistics.HeadsMoved.ShouldBe(1);
        AuditChainVerifier.Verify(Tenant, await ReadAllAsync(_log, Tenant)).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task A_tenant_written_again_after_its_head_moved_fails_alone_and_the_batch_s_committed_tenant_stays_acknowledged()
    {
        // The writer learns both tenants; then another silo's writer moves tenant-b's head under it.
        await _log.AppendAsync(Entry("controller/s1", "granted"));
        await _log.AppendAsync(Entry("controller/s1", "granted") with { Tenant = "tenant-b" });
        await Open().AppendAsync(Entry("controller/s1", "renewed") with { Tenant = "tenant-b" });

        Task<AuditRecord> committed, movedAndFailed;
        await using (var held = await StreamLock.TakeAsync(_store.Database.ConnectionString, Tenant, "blocker"))
        {
            var blocked = _log.AppendAsync(Entry("blocker", "first")).AsTask();
            await held.WaitForWaiterAsync();

            // Queued behind the blocked commit, so the writer takes both into its next batch. Tenant-b's share finds its
            // head moved and is written again by the server's function, which this role may no longer call.
            committed = _log.AppendAsync(Entry("controller/s1", "renewed")).AsTask();
            movedAndFailed = _log.AppendAsync(Entry("controller/s1", "released") with { Tenant = "tenant-b" }).AsTask();
            await using (var connection = await ConnectAsync("*"))
            {
                await ScalarAsync(connection, "REVOKE EXECUTE ON FUNCTION beach_audit_append FROM PUBLIC, CURRENT_USER");
            }

            await held.DisposeAsync();
            await blocked;
            try
            {
                await Should.ThrowAsync<PostgresException>(movedAndFailed);
            }
            finally
            {
                await using var connection = await ConnectAsync("*");
                await ScalarAsync(connection, "GRANT EXECUTE ON FUNCTION beach_audit_append TO CURRENT_USER");
            }
        }

        var record = await committed;
        (await ReadAllAsync(_log, Tenant)).ShouldContain(record);
        (await ReadAllAsync(_log, "tenant-b")).Select(written => written.Kind).ShouldBe(["granted", "renewed"]);
        _log.WriterStatistics.HeadsMoved.ShouldBe(1);
        _log.WriterStatistics.BatchesFailed.ShouldBe(1);

        // The failed tenant is written again by the server once it may be.
        (await _log.AppendAsync(Entry("controller/s1", "released") with { Tenant = "tenant-b" })).StreamVersion.ShouldBe(3);
    }

    [Fact]
    public async Task A_refusal_decided_by_the_writer_names_the_version_and_writes_nothing()
    {
        await _log.AppendAsync(Entry("controller/s1", "granted"));
        await _log.AppendAsync(Entry("controller/s1", "renewed"));

        var conflict = await Should.ThrowAsync<InconsistentStateException>(_log.AppendAsync(Entry("controller/s1", "stale") with { ExpectedVersion = 1 }).AsTask());

        conflict.StoredEtag.ShouldBe("2");
        conflict.CurrentEtag.ShouldBe("1");
        _log.WriterStatistics.HeadsMoved.ShouldBe(0);
        (await ReadAllAsync(_log, Tenant)).Count.ShouldBe(2);
        (await _log.AppendAsync(Entry("controller/s1", "released") with { ExpectedVersion = 2 })).StreamVersion.ShouldBe(3);
    }

    [Fact]
    public async Task The_database_hashes_every_field_as_AuditChain_does_null_actor_and_non_ascii_text_included()
    {
        // PostgreSQL chains in SQL (beach_audit_append): each record must hash as the C# encoding says.
        var written = new List<AuditRecord>
        {
            await _log.AppendAsync(Entry("controller/séance-☃", "granted") with { Actor = null, Data = """{"ключ":"значение","emoji":"🏖"}""" }),
            await _log.AppendAsync(Entry("controller/séance-☃", "renouvelé") with { Actor = "contrôleur", Data = "[]" }),
            await _log.AppendAsync(Entry("controller/s2", "granted") with { Actor = "", Data = """{"n":1}""" }),
        };

        foreach (var record in written)
        {
            record.Hash.ShouldBe(AuditChain.ComputeHash(record));
        }

        AuditChainVerifier.Verify(Tenant, await ReadAllAsync(_log, Tenant)).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task Two_writers_appending_for_one_tenant_at_once_form_one_linear_chain_in_seq_order()
    {
        var other = Open();

        // Sixteen appenders over two writers, each writer batching what arrives while its commit is in flight.
        var appended = await Task.WhenAll(Enumerable.Range(0, 16).Select(appender => Task.Run(async () =>
        {
            var log = appender % 2 == 0 ? _log : other;
            var records = new List<AuditRecord>();
            for (var i = 0; i < 15; i++)
            {
                records.Add(await log.AppendAsync(Entry($"stream-{appender}", $"event-{i}") with { ExpectedVersion = i }));
            }

            return records;
        })));

        var chain = await ReadAllAsync(other, Tenant);
        chain.Count.ShouldBe(16 * 15);
        chain.Select(record => record.Seq).ShouldBeInOrder();
        chain.OrderBy(record => record.Seq).ShouldBe(appended.SelectMany(records => records).OrderBy(record => record.Seq));
        AuditChainVerifier.Verify(Tenant, chain).ShouldBe(new AuditChainVerification(Tenant, chain.Count, chain[^1].Hash, null));
        (_log.WriterStatistics.BatchesCommitted + other.WriterStatistics.BatchesCommitted).ShouldBeLessThan(chain.Count);
    }

    [Fact]
    public async Task One_batch_of_several_tenants_commits_each_on_its_own_chain()
    {
        var first = await _log.AppendAsync(Entry("controller/s1", "granted"));
        await using (var held = await StreamLock.TakeAsync(_store.Database.ConnectionString, Tenant, "blocker"))
        {
            var blocked = _log.AppendAsync(Entry("blocker", "first")).AsTask();
            await held.WaitForWaiterAsync();

            // Queued behind the blocked commit: the writer takes them into the next transaction together.
            var mixed = new[] { "tenant-b", Tenant, "tenant-c", "tenant-b", Tenant }
                .Select((tenant, i) => _log.AppendAsync(Entry("controller/s1", $"event-{i}") with { Tenant = tenant }).AsTask())
                .ToList();
            await held.DisposeAsync();
            await blocked;
            await Task.WhenAll(mixed);
        }

        foreach (var tenant in new[] { Tenant, "tenant-b", "tenant-c" })
        {
            AuditChainVerifier.Verify(tenant, await ReadAllAsync(_log, tenant)).IsIntact.ShouldBeTrue();
        }

        (await ReadAllAsync(_log, Tenant)).Count.ShouldBe(4);
        (await ReadAllAsync(_log, Tenant))[1].PrevHash.ShouldBe(first.Hash);
    }

    [Fact]
    public async Task A_refused_append_leaves_the_chain_whole()
    {
        await _log.AppendAsync(Entry("controller/s1", "granted"));
        await Should.ThrowAsync<InconsistentStateException>(_log.AppendAsync(Entry("controller/s1", "stale") with { ExpectedVersion = 0 }).AsTask());
        var next = await _log.AppendAsync(Entry("controller/s1", "renewed"));

        var chain = await ReadAllAsync(_log, Tenant);
        chain.Count.ShouldBe(2);
        next.PrevHash.ShouldBe(chain[0].Hash);
        AuditChainVerifier.Verify(Tenant, chain).IsIntact.ShouldBeTrue();
    }

    [Fact]
    public async Task Tenants_chain_independently_and_see_only_their_own_chain_head()
    {
        var a1 = await _log.AppendAsync(Entry("controller/s1", "granted"));
        var b1 = await _log.AppendAsync(Entry("controller/s1", "granted") with { Tenant = "tenant-b" });
        var a2 = await _log.AppendAsync(Entry("controller/s1", "renewed"));

        b1.PrevHash.ShouldBe(AuditChain.GENESIS_HASH);
        a2.PrevHash.ShouldBe(a1.Hash);
        (await ReadAllAsync(_log, Tenant)).ShouldBe([a1, a2]);
        (await ReadAllAsync(_log, "tenant-b")).ShouldBe([b1]);

        await using var connection = await ConnectAsync(Tenant);
        (await ScalarAsync(connection, "SELECT count(*) FROM audit_chain_head")).ShouldBe(1L);
        (await ScalarAsync(connection, "SELECT encode(hash, 'hex') FROM audit_chain_head")).ShouldBe(a2.Hash);
    }

    [Fact]
    public async Task A_record_changed_in_the_database_behind_the_logs_back_is_named_by_the_verifier()
    {
        var records = new List<AuditRecord>();
        for (var i = 0; i < 5; i++)
        {
            records.Add(await _log.AppendAsync(Entry("controller/s1", $"event-{i}") with { Data = $$"""{"fencing_token":{{i}}}""" }));
        }

        await using (var connection = await ConnectAsync("*"))
        {
            await ScalarAsync(connection, $"UPDATE audit_log SET data = '{{\"fencing_token\":99}}' WHERE seq = {records[3].Seq}");
        }

        var verification = AuditChainVerifier.Verify(Tenant, await ReadAllAsync(_log, Tenant));

        var broken = verification.FirstBreak.ShouldNotBeNull();
        broken.Seq.ShouldBe(records[3].Seq);
        broken.Reason.ShouldBe(AuditChainBreakReason.HashMismatch);
    }

    [Fact]
    public async Task Rows_without_a_hash_are_chained_by_the_backfill_exactly_as_the_writer_chains()
    {
        var written = new List<AuditRecord>();
        for (var i = 0; i < 3; i++)
        {
            written.Add(await _log.AppendAsync(Entry("controller/s1", $"event-{i}") with { Actor = i == 1 ? null : "ctl", Data = """{"ключ": "значение"}""" }));
        }

        // As a database from before migration 5 held them: no hashes and no chain head.
        await using (var connection = await ConnectAsync("*"))
        {
            await ScalarAsync(connection, "UPDATE audit_log SET prev_hash = NULL, hash = NULL");
            await ScalarAsync(connection, "DELETE FROM audit_chain_head");
            (await ScalarAsync(connection, "SELECT beach_audit_chain_backfill()")).ShouldBe(3L);
            (await ScalarAsync(connection, "SELECT beach_audit_chain_backfill()")).ShouldBe(0L);
        }

        (await ReadAllAsync(_log, Tenant)).ShouldBe(written);
        var next = await _log.AppendAsync(Entry("controller/s1", "after"));
        next.PrevHash.ShouldBe(written[^1].Hash);
    }

    [Fact]
    public async Task Query_filters_by_streams_kind_actor_and_time_and_pages_by_seq()
    {
        var granted = await _log.AppendAsync(Entry("controller/s1", "granted") with { Actor = "alice", At = At });
        var other = await _log.AppendAsync(Entry("controller/s2", "granted") with { Actor = "bob", At = At.AddMinutes(1) });
        var read = await _log.AppendAsync(Entry("session/s1", "state_read") with { At = At.AddMinutes(2) });
        var renewed = await _log.AppendAsync(Entry("controller/s1", "renewed") with { Actor = "alice", At = At.AddMinutes(3) });
        await _log.AppendAsync(Entry("controller/s1", "granted") with { Tenant = "tenant-b", Actor = "alice" });

        (await _log.QueryAsync(new AuditQuery(Tenant) { Streams = ["controller/s1", "session/s1"] })).ShouldBe([granted, read, renewed]);
        (await _log.QueryAsync(new AuditQuery(Tenant) { Kind = "granted" })).ShouldBe([granted, other]);
        (await _log.QueryAsync(new AuditQuery(Tenant) { Actor = "alice" })).ShouldBe([granted, renewed]);
        (await _log.QueryAsync(new AuditQuery(Tenant) { Since = At.AddMinutes(1), Until = At.AddMinutes(3) })).ShouldBe([other, read]);
        (await _log.QueryAsync(new AuditQuery(Tenant) { AfterSeq = other.Seq, Limit = 2 })).ShouldBe([read, renewed]);
    }

    private PostgresAuditLog Open() => _store.Track(new PostgresAuditLog(_store.Open()));

    private static async Task<List<AuditRecord>> ReadAllAsync(PostgresAuditLog log, string tenant)
    {
        const int PAGE = 50;
        var all = new List<AuditRecord>();
        while (true)
        {
            var page = await log.QueryAsync(new AuditQuery(tenant) { AfterSeq = all.Count == 0 ? 0 : all[^1].Seq, Limit = PAGE });
            all.AddRange(page);
            if (page.Count < PAGE)
            {
                return all;
            }
        }
    }

    /// <summary>A session of the silos' role under <paramref name="tenant"/> ('*' for every tenant), as an operator could open.</summary>
    private async Task<NpgsqlConnection> ConnectAsync(string tenant)
    {
        // Unpooled: the session-wide setting must not outlive this connection.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_store.Database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await ScalarAsync(connection, $"SELECT set_config('beach.tenant', '{tenant}', false)");
        return connection;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static AuditEntry Entry(string stream, string kind) => new(Tenant, stream, kind, Actor: null, Data: "{}", At);
}
