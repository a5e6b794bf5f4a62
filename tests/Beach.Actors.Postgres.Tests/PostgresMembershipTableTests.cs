using System.Collections.Immutable;
using Beach.Actors.Cluster;

namespace Beach.Actors.Postgres.Tests;

public sealed class PostgresMembershipTableTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly SiloAddress SiloA = new("10.0.0.1", 11111, 100);
    private static readonly SiloAddress SiloB = new("10.0.0.2", 11111, 200);

    private TestStore _store = null!;
    private PostgresMembershipTable _table = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        _table = await OpenAsync();
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_new_table_reads_empty_at_version_zero_and_initializing_again_changes_nothing()
    {
        await _table.InitializeAsync(CancellationToken.None);

        var data = await _table.ReadAllAsync(CancellationToken.None);

        data.Rows.ShouldBeEmpty();
        data.Version.Version.ShouldBe(0);
    }

    [Fact]
    public async Task Inserted_rows_read_back_whole_with_the_version_they_wrote()
    {
        var entry = Entry(SiloA, SiloStatus.Joining).WithVote(new SuspectVote(SiloB, Now.AddSeconds(3)));

        (await _table.InsertRowAsync(entry, new TableVersion(0, "0").Next(), CancellationToken.None)).ShouldBeTrue();

        var data = await _table.ReadAllAsync(CancellationToken.None);
        data.Version.Version.ShouldBe(1);
        var row = data.Find(SiloA).ShouldNotBeNull();
        row.Entry.Silo.ShouldBe(entry.Silo);
        row.Entry.Status.ShouldBe(entry.Status);
        row.Entry.Name.ShouldBe(entry.Name);
        row.Entry.GatewayPort.ShouldBe(entry.GatewayPort);
        row.Entry.StartedAt.ShouldBe(entry.StartedAt);
        row.Entry.IAmAliveAt.ShouldBe(entry.IAmAliveAt);
        row.Entry.Suspicions.ShouldBe(entry.Suspicions);
    }

    [Fact]
    public async Task Two_writers_from_the_same_version_exactly_one_wins()
    {
        var other = await OpenAsync();
        var version = (await _table.ReadAllAsync(CancellationToken.None)).Version;

        var outcomes = await Task.WhenAll(
            Task.Run(() => _table.InsertRowAsync(Entry(SiloA, SiloStatus.Joining), version.Next(), CancellationToken.None)),
            Task.Run(() => other.InsertRowAsync(Entry(SiloB, SiloStatus.Joining), version.Next(), CancellationToken.None)));

        outcomes.Count(won => won).ShouldBe(1);
        var data = await _table.ReadAllAsync(CancellationToken.None);
        data.Version.Version.ShouldBe(1);
        data.Rows.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Insert_of_a_silo_already_in_the_table_fails_and_leaves_the_version()
    {
        await _table.InsertRowAsync(Entry(SiloA, SiloStatus.Joining), new TableVersion(1, "0"), CancellationToken.None);

        (await _table.InsertRowAsync(Entry(SiloA, SiloStatus.Active), new TableVersion(2, "1"), CancellationToken.None)).ShouldBeFalse();

        var data = await _table.ReadAllAsync(CancellationToken.None);
        data.Version.Version.ShouldBe(1);
        data.Find(SiloA)!.Entry.Status.ShouldBe(SiloStatus.Joining);
    }

    [Fact]
    public async Task Update_with_the_row_etag_succeeds_and_with_a_stale_one_fails_without_moving_the_version()
    {
        await _table.InsertRowAsync(Entry(SiloA, SiloStatus.Joining), new TableVersion(1, "0"), CancellationToken.None);
        var read = await _table.ReadAllAsync(CancellationToken.None);
        var staleEtag = read.Find(SiloA)!.ETag;

        (await _table.UpdateRowAsync(Entry(SiloA, SiloStatus.Active), staleEtag, read.Version.Next(), CancellationToken.None)).ShouldBeTrue();
        var afterUpdate = await _table.ReadAllAsync(CancellationToken.None);
        (await _table.UpdateRowAsync(Entry(SiloA, SiloStatus.Dead), staleEtag, afterUpdate.Version.Next(), CancellationToken.None)).ShouldBeFalse();

        var data = await _table.ReadAllAsync(CancellationToken.None);
        data.Version.Version.ShouldBe(2);
        data.Find(SiloA)!.Entry.Status.ShouldBe(SiloStatus.Active);
        data.Find(SiloA)!.ETag.ShouldNotBe(staleEtag);
    }

    [Fact]
    public async Task Update_from_a_stale_table_version_fails()
    {
        await _table.InsertRowAsync(Entry(SiloA, SiloStatus.Joining), new TableVersion(1, "0"), CancellationToken.None);
        var read = await _table.ReadAllAsync(CancellationToken.None);
        await _table.InsertRowAsync(Entry(SiloB, SiloStatus.Joining), read.Version.Next(), CancellationToken.None);

        (await _table.UpdateRowAsync(Entry(SiloA, SiloStatus.Active), read.Find(SiloA)!.ETag, read.Version.Next(), CancellationToken.None)).ShouldBeFalse();

        (await _table.ReadAllAsync(CancellationToken.None)).Find(SiloA)!.Entry.Status.ShouldBe(SiloStatus.Joining);
    }

    [Fact]
    public async Task IAmAlive_moves_only_the_alive_time_and_not_the_version()
    {
        await _table.InsertRowAsync(Entry(SiloA, SiloStatus.Active), new TableVersion(1, "0"), CancellationToken.None);
        var before = await _table.ReadAllAsync(CancellationToken.None);

        await _table.UpdateIAmAliveAsync(SiloA, Now.AddMinutes(1), CancellationToken.None);

        var after = await _table.ReadAllAsync(CancellationToken.None);
        after.Version.ShouldBe(before.Version);
        after.Find(SiloA)!.Entry.IAmAliveAt.ShouldBe(Now.AddMinutes(1));
        after.Find(SiloA)!.ETag.ShouldBe(before.Find(SiloA)!.ETag);
    }

    [Fact]
    public async Task Cleanup_removes_only_dead_silos_not_alive_since_the_cutoff()
    {
        var deadLongAgo = new SiloAddress("10.0.0.3", 11111, 300);
        var deadRecently = new SiloAddress("10.0.0.4", 11111, 400);
        await _table.InsertRowAsync(Entry(deadLongAgo, SiloStatus.Dead) with { IAmAliveAt = Now.AddHours(-2) }, new TableVersion(1, "0"), CancellationToken.None);
        await _table.InsertRowAsync(Entry(deadRecently, SiloStatus.Dead), new TableVersion(2, "1"), CancellationToken.None);
        await _table.InsertRowAsync(Entry(SiloA, SiloStatus.Active) with { IAmAliveAt = Now.AddHours(-2) }, new TableVersion(3, "2"), CancellationToken.None);

        await _table.CleanupDefunctEntriesAsync(Now.AddHours(-1), CancellationToken.None);

        var silos = (await _table.ReadAllAsync(CancellationToken.None)).Rows.Select(row => row.Entry.Silo).ToList();
        silos.ShouldBe([deadRecently, SiloA], ignoreOrder: true);
    }

    [Fact]
    public async Task Two_clusters_in_one_database_never_see_each_other()
    {
        var other = await OpenAsync("other-cluster");
        await _table.InsertRowAsync(Entry(SiloA, SiloStatus.Active), new TableVersion(1, "0"), CancellationToken.None);

        (await other.InsertRowAsync(Entry(SiloA, SiloStatus.Joining), new TableVersion(1, "0"), CancellationToken.None)).ShouldBeTrue();
        await other.CleanupDefunctEntriesAsync(Now.AddYears(1), CancellationToken.None);

        (await _table.ReadAllAsync(CancellationToken.None)).Rows.ShouldHaveSingleItem().Entry.Status.ShouldBe(SiloStatus.Active);
        (await other.ReadAllAsync(CancellationToken.None)).Rows.ShouldHaveSingleItem().Entry.Status.ShouldBe(SiloStatus.Joining);
    }

    private async Task<PostgresMembershipTable> OpenAsync(string clusterId = PostgresOptions.DEFAULT_CLUSTER_ID)
    {
        var table = new PostgresMembershipTable(_store.Open(options => options.ClusterId = clusterId));
        await table.InitializeAsync(CancellationToken.None);
        return table;
    }

    private static MembershipEntry Entry(SiloAddress silo, SiloStatus status) =>
        new(silo, status, $"silo-{silo.Generation}", 30000, Now.AddMinutes(-5), Now, ImmutableArray<SuspectVote>.Empty);
}
