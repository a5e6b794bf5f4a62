using Beach.Actors.Audit;
using Beach.Actors.Persistence;
using Beach.Actors.Sqlite.Audit;
using Microsoft.Data.Sqlite;

namespace Beach.Actors.Sqlite.Tests;

/// <summary>
/// The writer remembers the audit log's heads between batches (<see cref="AuditHeads"/>); these prove it never
/// appends from a head that is no longer true.
/// </summary>
public sealed class SqliteAuditHeadsTests : IAsyncLifetime
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

    [Fact]
    public void Past_its_bound_of_streams_it_forgets_everything_and_keeps_only_the_newest()
    {
        var heads = new AuditHeads();
        for (var i = 0; i < AuditHeads.MAX_STREAMS; i++)
        {
            heads.Set(Tenant, $"stream-{i}", 1, AuditChain.GENESIS_HASH, i + 2);
        }

        heads.TryGet(Tenant, "stream-0", out _, out _, out _).ShouldBeTrue();
        heads.Set(Tenant, "stream-0", 2, AuditChain.GENESIS_HASH, AuditHeads.MAX_STREAMS + 2);
        heads.TryGet(Tenant, "stream-1", out _, out _, out _).ShouldBeTrue();

        heads.Set(Tenant, "one-too-many", 1, AuditChain.GENESIS_HASH, AuditHeads.MAX_STREAMS + 3);

        heads.TryGet(Tenant, "stream-0", out _, out _, out _).ShouldBeFalse();
        heads.TryGet(Tenant, "one-too-many", out var version, out var head, out var nextSeq).ShouldBeTrue();
        (version, head, nextSeq).ShouldBe((1L, AuditChain.GENESIS_HASH, AuditHeads.MAX_STREAMS + 3L));
    }

    [Fact]
    public void Past_its_bound_of_tenants_it_forgets_everything_and_keeps_only_the_newest()
    {
        var heads = new AuditHeads();
        for (var i = 0; i < AuditHeads.MAX_TENANTS; i++)
        {
            heads.Set($"tenant-{i}", "stream", 1, AuditChain.GENESIS_HASH, i + 2);
        }

        heads.TryGet("tenant-0", "stream", out _, out _, out _).ShouldBeTrue();

        heads.Set("one-too-many", "stream", 1, AuditChain.GENESIS_HASH, AuditHeads.MAX_TENANTS + 2);

        heads.TryGet("tenant-0", "stream", out _, out _, out _).ShouldBeFalse();
        heads.TryGet("one-too-many", "stream", out _, out _, out _).ShouldBeTrue();
    }

    /// <summary>What a second process on the same file, or an operator's tool, could do: one correctly chained append.</summary>
    private async Task<AuditRecord> AppendFromAnotherConnectionAsync(AuditRecord after, string kind)
    {
        var record = new AuditRecord(after.Seq + 1, Tenant, after.Stream, after.StreamVersion + 1, kind, null, "{}", At, after.Hash, "");
        record = record with { Hash = AuditChain.ComputeHash(record) };
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _database.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
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

    private static AuditEntry Entry(string stream, string kind) => new(Tenant, stream, kind, Actor: null, Data: "{}", At);
}
