using Beach.Actors.Cluster;

namespace Beach.Actors.Postgres.Tests;

public sealed class PostgresReminderTableTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private TestStore _store = null!;
    private PostgresReminderTable _table = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        _table = new PostgresReminderTable(_store.Open());
        await _table.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_reminder_once_written_reads_back_from_another_silo()
    {
        var etag = await _table.UpsertRowAsync(Reminder("dev/a-1"), CancellationToken.None);
        var other = new PostgresReminderTable(_store.Open());

        var row = (await other.ReadRowAsync(new GrainId("agent", "dev/a-1"), "poll", CancellationToken.None)).ShouldNotBeNull();

        row.ShouldBe(Reminder("dev/a-1") with { ETag = etag });
        (await other.ReadRowsAsync(new GrainId("agent", "dev/a-1"), CancellationToken.None)).ShouldHaveSingleItem();
        (await other.ReadRowAsync(new GrainId("agent", "dev/a-1"), "other", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task An_update_gets_a_new_etag_and_a_remove_with_an_old_one_changes_nothing()
    {
        var first = await _table.UpsertRowAsync(Reminder("dev/a-2"), CancellationToken.None);
        var second = await _table.UpsertRowAsync(Reminder("dev/a-2") with { Period = TimeSpan.FromMinutes(5) }, CancellationToken.None);

        second.ShouldNotBe(first);
        (await _table.RemoveRowAsync(new GrainId("agent", "dev/a-2"), "poll", first, CancellationToken.None)).ShouldBeFalse();
        (await _table.RemoveRowAsync(new GrainId("agent", "dev/a-2"), "poll", "not-an-etag", CancellationToken.None)).ShouldBeFalse();
        (await _table.ReadRowAsync(new GrainId("agent", "dev/a-2"), "poll", CancellationToken.None)).ShouldNotBeNull().Period.ShouldBe(TimeSpan.FromMinutes(5));

        (await _table.RemoveRowAsync(new GrainId("agent", "dev/a-2"), "poll", second, CancellationToken.None)).ShouldBeTrue();
        (await _table.ReadRowAsync(new GrainId("agent", "dev/a-2"), "poll", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Ring_ranges_read_exactly_the_reminders_whose_grain_hash_falls_inside_also_when_they_wrap()
    {
        // Keys of several tenants: a silo's range read spans them all.
        var reminders = Enumerable.Range(0, 60).Select(i => Reminder($"tenant-{i % 3}/a-{i}")).ToList();
        await Task.WhenAll(reminders.Select(reminder => _table.UpsertRowAsync(reminder, CancellationToken.None)));
        const uint QUARTER = uint.MaxValue / 4;

        foreach (var (begin, end) in new[] { (QUARTER, 3 * QUARTER), (3 * QUARTER, QUARTER), (0u, 0u), (0u, uint.MaxValue) })
        {
            var expected = reminders.Where(reminder => Inside(reminder.Grain.GetUniformHashCode(), begin, end)).Select(reminder => reminder.Grain.Key).Order();
            var read = await _table.ReadRowsAsync(begin, end, CancellationToken.None);
            read.Select(row => row.Grain.Key).Order().ShouldBe(expected);
        }
    }

    private static ReminderEntry Reminder(string key, string name = "poll") => new(new GrainId("agent", key), name, Start, TimeSpan.FromMinutes(1), string.Empty);

    private static bool Inside(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
}
