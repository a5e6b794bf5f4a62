using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Membership;

namespace Beach.Actors.Runtime.Tests.Membership;

public sealed class InMemoryMembershipTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly InMemoryMembershipTable _table = new();

    [Fact]
    public async Task A_new_table_is_empty_at_version_zero()
    {
        await _table.InitializeAsync(None);
        var read = await _table.ReadAllAsync(None);

        read.Rows.ShouldBeEmpty();
        read.Version.Version.ShouldBe(0);
    }

    [Fact]
    public async Task Insert_at_the_next_version_writes_the_row_and_moves_the_version()
    {
        var read = await _table.ReadAllAsync(None);

        (await _table.InsertRowAsync(Entry(1), read.Version.Next(), None)).ShouldBeTrue();

        var after = await _table.ReadAllAsync(None);
        after.Version.Version.ShouldBe(1);
        after.Version.ETag.ShouldNotBe(read.Version.ETag);
        after.Find(Silo(1))!.Entry.ShouldBe(Entry(1));
    }

    [Fact]
    public async Task Insert_against_a_stale_version_is_refused()
    {
        var stale = (await _table.ReadAllAsync(None)).Version;
        (await _table.InsertRowAsync(Entry(1), stale.Next(), None)).ShouldBeTrue();

        (await _table.InsertRowAsync(Entry(2), stale.Next(), None)).ShouldBeFalse();
        (await _table.InsertRowAsync(Entry(2), new TableVersion(3, "v2"), None)).ShouldBeFalse("a version that skips one is not the next");

        var after = await _table.ReadAllAsync(None);
        after.Version.Version.ShouldBe(1);
        after.Find(Silo(2)).ShouldBeNull();
    }

    [Fact]
    public async Task Insert_with_the_right_number_but_another_version_etag_is_refused()
    {
        var read = await _table.ReadAllAsync(None);

        (await _table.InsertRowAsync(Entry(1), new TableVersion(read.Version.Version + 1, "not-" + read.Version.ETag), None)).ShouldBeFalse();
    }

    [Fact]
    public async Task Insert_of_an_existing_row_is_refused_even_at_the_right_version()
    {
        await _table.InsertRowAsync(Entry(1), (await _table.ReadAllAsync(None)).Version.Next(), None);
        var read = await _table.ReadAllAsync(None);

        (await _table.InsertRowAsync(Entry(1) with { Name = "again" }, read.Version.Next(), None)).ShouldBeFalse();

        (await _table.ReadAllAsync(None)).Find(Silo(1))!.Entry.Name.ShouldBe("silo-1");
    }

    [Fact]
    public async Task Update_with_the_read_etag_and_version_replaces_the_row_and_gives_it_a_new_etag()
    {
        await _table.InsertRowAsync(Entry(1), (await _table.ReadAllAsync(None)).Version.Next(), None);
        var read = await _table.ReadAllAsync(None);
        var row = read.Find(Silo(1))!;

        (await _table.UpdateRowAsync(row.Entry with { Status = SiloStatus.Active }, row.ETag, read.Version.Next(), None)).ShouldBeTrue();

        var after = await _table.ReadAllAsync(None);
        after.Version.Version.ShouldBe(2);
        after.Find(Silo(1))!.Entry.Status.ShouldBe(SiloStatus.Active);
        after.Find(Silo(1))!.ETag.ShouldNotBe(row.ETag);
    }

    [Fact]
    public async Task Update_with_a_stale_row_etag_is_refused_even_at_the_right_version()
    {
        await _table.InsertRowAsync(Entry(1), (await _table.ReadAllAsync(None)).Version.Next(), None);
        var first = await _table.ReadAllAsync(None);
        var staleRow = first.Find(Silo(1))!;
        await _table.UpdateRowAsync(staleRow.Entry with { Status = SiloStatus.Active }, staleRow.ETag, first.Version.Next(), None);
        var current = await _table.ReadAllAsync(None);

        (await _table.UpdateRowAsync(staleRow.Entry with { Status = SiloStatus.Dead }, staleRow.ETag, current.Version.Next(), None)).ShouldBeFalse();

        (await _table.ReadAllAsync(None)).Find(Silo(1))!.Entry.Status.ShouldBe(SiloStatus.Active);
    }

    [Fact]
    public async Task Update_against_a_stale_version_is_refused_even_with_the_current_row_etag()
    {
        await _table.InsertRowAsync(Entry(1), (await _table.ReadAllAsync(None)).Version.Next(), None);
        var read = await _table.ReadAllAsync(None);
        var row = read.Find(Silo(1))!;
        await _table.InsertRowAsync(Entry(2), read.Version.Next(), None);

        (await _table.UpdateRowAsync(row.Entry with { Status = SiloStatus.Active }, row.ETag, read.Version.Next(), None)).ShouldBeFalse();

        var after = await _table.ReadAllAsync(None);
        after.Version.Version.ShouldBe(2);
        after.Find(Silo(1))!.Entry.Status.ShouldBe(SiloStatus.Joining);
    }

    [Fact]
    public async Task Update_of_a_missing_row_is_refused()
    {
        var read = await _table.ReadAllAsync(None);

        (await _table.UpdateRowAsync(Entry(1), "1", read.Version.Next(), None)).ShouldBeFalse();
        (await _table.ReadAllAsync(None)).Version.Version.ShouldBe(0);
    }

    [Fact]
    public async Task I_am_alive_moves_the_time_forward_without_moving_the_version_or_the_etag()
    {
        await _table.InsertRowAsync(Entry(1), (await _table.ReadAllAsync(None)).Version.Next(), None);
        var before = await _table.ReadAllAsync(None);

        await _table.UpdateIAmAliveAsync(Silo(1), Now.AddSeconds(30), None);
        await _table.UpdateIAmAliveAsync(Silo(1), Now.AddSeconds(10), None);

        var after = await _table.ReadAllAsync(None);
        after.Version.ShouldBe(before.Version);
        after.Find(Silo(1))!.ETag.ShouldBe(before.Find(Silo(1))!.ETag);
        after.Find(Silo(1))!.Entry.IAmAliveAt.ShouldBe(Now.AddSeconds(30));
    }

    [Fact]
    public async Task An_update_read_before_an_i_am_alive_keeps_the_newer_i_am_alive()
    {
        await _table.InsertRowAsync(Entry(1), (await _table.ReadAllAsync(None)).Version.Next(), None);
        var read = await _table.ReadAllAsync(None);
        var row = read.Find(Silo(1))!;
        await _table.UpdateIAmAliveAsync(Silo(1), Now.AddSeconds(30), None);

        (await _table.UpdateRowAsync(row.Entry.WithVote(new SuspectVote(Silo(2), Now)), row.ETag, read.Version.Next(), None)).ShouldBeTrue();

        var entry = (await _table.ReadAllAsync(None)).Find(Silo(1))!.Entry;
        entry.IAmAliveAt.ShouldBe(Now.AddSeconds(30));
        entry.Suspicions.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Cleanup_deletes_only_dead_rows_older_than_the_limit()
    {
        var version = (await _table.ReadAllAsync(None)).Version;
        foreach (var (port, status, alive) in new[] { (1, SiloStatus.Dead, Now), (2, SiloStatus.Dead, Now.AddHours(2)), (3, SiloStatus.Active, Now) })
        {
            await _table.InsertRowAsync(Entry(port) with { Status = status, IAmAliveAt = alive }, version.Next(), None);
            version = (await _table.ReadAllAsync(None)).Version;
        }

        await _table.CleanupDefunctEntriesAsync(Now.AddHours(1), None);

        var after = await _table.ReadAllAsync(None);
        after.Rows.Select(row => row.Entry.Silo.Port).ShouldBe([2, 3]);
    }

    [Fact]
    public async Task Of_many_writers_racing_for_one_version_exactly_one_wins()
    {
        await _table.InsertRowAsync(Entry(0), (await _table.ReadAllAsync(None)).Version.Next(), None);
        var read = await _table.ReadAllAsync(None);
        var row = read.Find(Silo(0))!;
        using var start = new ManualResetEventSlim();

        var racers = Enumerable.Range(1, 16).Select(voter => Task.Run(async () =>
        {
            start.Wait();
            return await _table.UpdateRowAsync(row.Entry.WithVote(new SuspectVote(Silo(voter), Now)), row.ETag, read.Version.Next(), None);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(racers);

        results.Count(won => won).ShouldBe(1);
        var after = await _table.ReadAllAsync(None);
        after.Version.Version.ShouldBe(read.Version.Version + 1);
        after.Find(Silo(0))!.Entry.Suspicions.ShouldHaveSingleItem();
    }

    private static SiloAddress Silo(int port) => new("127.0.0.1", port, 1);

    private static MembershipEntry Entry(int port) => new(Silo(port), SiloStatus.Joining, $"silo-{port}", 0, Now, Now, []);
}
