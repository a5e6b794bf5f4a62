using Beach.Actors.Cluster;

namespace Beach.Actors.Sqlite.Tests;

public sealed class SqliteReminderTableTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static ReminderEntry Reminder(string key, string name = "poll") => new(new GrainId("agent", key), name, Start, TimeSpan.FromMinutes(1), string.Empty);

    [Fact]
    public async Task A_reminder_is_on_disk_once_written_and_reads_back_after_a_reopen()
    {
        await using var test = new TestDatabase();
        var database = test.Open();
        var etag = await new SqliteReminderTable(database).UpsertRowAsync(Reminder("dev/a-1"), CancellationToken.None);

        database = await test.ReopenAsync(database);
        var table = new SqliteReminderTable(database);

        var row = (await table.ReadRowAsync(new GrainId("agent", "dev/a-1"), "poll", CancellationToken.None)).ShouldNotBeNull();
        row.ShouldBe(Reminder("dev/a-1") with { ETag = etag });
        (await table.ReadRowsAsync(new GrainId("agent", "dev/a-1"), CancellationToken.None)).ShouldHaveSingleItem();
        (await table.ReadRowAsync(new GrainId("agent", "dev/a-1"), "other", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task An_update_gets_a_new_etag_and_a_remove_with_an_old_one_changes_nothing()
    {
        await using var test = new TestDatabase();
        var table = new SqliteReminderTable(test.Open());
        var first = await table.UpsertRowAsync(Reminder("dev/a-2"), CancellationToken.None);
        var second = await table.UpsertRowAsync(Reminder("dev/a-2") with { Period = TimeSpan.FromMinutes(5) }, CancellationToken.None);

        second.ShouldNotBe(first);
        (await table.RemoveRowAsync(new GrainId("agent", "dev/a-2"), "poll", first, CancellationToken.None)).ShouldBeFalse();
        (await table.RemoveRowAsync(new GrainId("agent", "dev/a-2"), "poll", "not-an-etag", CancellationToken.None)).ShouldBeFalse();
        (await table.ReadRowAsync(new GrainId("agent", "dev/a-2"), "poll", CancellationToken.None)).ShouldNotBeNull().Period.ShouldBe(TimeSpan.FromMinutes(5));

        (await table.RemoveRowAsync(new GrainId("agent", "dev/a-2"), "poll", second, CancellationToken.None)).ShouldBeTrue();
        (await table.ReadRowAsync(new GrainId("agent", "dev/a-2"), "poll", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Ring_ranges_read_exactly_the_reminders_whose_grain_hash_falls_inside_also_when_they_wrap()
    {
        await using var test = new TestDatabase();
        var table = new SqliteReminderTable(test.Open());
        var reminders = Enumerable.Range(0, 60).Select(i => Reminder($"dev/a-{i}")).ToList();
        await Task.WhenAll(reminders.Select(reminder => table.UpsertRowAsync(reminder, CancellationToken.None)));
        const uint QUARTER = uint.MaxValue / 4;

        foreach (var (begin, end) in new[] { (QUARTER, 3 * QUARTER), (3 * QUARTER, QUARTER), (0u, 0u) })
        {
            var expected = reminders.Where(reminder => Inside(reminder.Grain.GetUniformHashCode(), begin, end)).Select(reminder => reminder.Grain.Key).Order();
            var read = await table.ReadRowsAsync(begin, end, CancellationToken.None);
            read.Select(row => row.Grain.Key).Order().ShouldBe(expected);
        }
    }

    private static bool Inside(uint hash, uint begin, uint end) => begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;
}
