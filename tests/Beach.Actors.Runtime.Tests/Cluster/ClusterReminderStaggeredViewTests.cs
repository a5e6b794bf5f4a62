using Beach.Actors.Runtime.Reminders;
using Beach.Actors.Runtime.Tests.Grains;
using Beach.Actors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Runtime.Tests.Cluster;

/// <summary>
/// A silo joins and the others learn of it at different moments: a reminder registered through a silo whose view is
/// behind goes to (or stays on) the old owner, while the new owner already read the table for its new ranges. Each
/// reminder must still end up armed on exactly one silo without waiting for the periodic refresh.
/// </summary>
[Collection(TimingSensitiveCollection.NAME)]
public sealed class ClusterReminderStaggeredViewTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_reminder_registered_through_a_silo_with_an_old_view_is_armed_once_its_view_catches_up()
    {
        var clock = new ManualTimeProvider();
        await using var cluster = new InProcessCluster(clock);
        var a = await cluster.AddSiloAsync();
        var b = await cluster.AddSiloAsync();

        // C joins; B and C learn of it, A does not yet. B's and C's range updates read the (empty) table for their new
        // ranges before anything is registered.
        await Probe.WaitUntil(() => Loaded(b) >= 1);
        var bLoadedBefore = Loaded(b);
        var c = await cluster.AddSiloSeenByAsync(b);
        await Probe.WaitUntil(() => b.Views.Current.Version == c.Views.Current.Version);
        await Probe.WaitUntil(() => Loaded(b) > bLoadedBefore && Loaded(c) >= 2);

        const int GRAINS = 60;
        for (var i = 0; i < GRAINS; i++)
        {
            await a.Grains.GetGrain<IReminderGrain>($"s-{i}").Register("beat", Minute, Minute);
        }

        var members = new[] { a, b, c };
        await Task.Delay(100);
        members.Sum(Armed).ShouldBeLessThan(GRAINS, "the reminders C owns but A's view gives to B are armed nowhere yet");

        // A catches up: every reminder is armed, once, with no periodic refresh (the clock stands still).
        cluster.PublishViewTo(a);
        await Probe.WaitUntil(() => members.Sum(Armed) == GRAINS);
        await Task.Delay(50);
        members.Sum(Armed).ShouldBe(GRAINS);

        clock.Advance(Minute);
        await Probe.WaitUntil(() => cluster.ReminderLog.Ticks.Count == GRAINS);
        await Task.Delay(50);
        cluster.ReminderLog.Ticks.GroupBy(tick => tick.Grain).ShouldAllBe(ticks => ticks.Count() == 1);
    }

    private static long Loaded(InProcessCluster.Member member) => member.Host.Services.GetRequiredService<ReminderService>().RangeUpdatesLoaded;

    private static int Armed(InProcessCluster.Member member) => member.Host.Services.GetRequiredService<ReminderService>().ArmedCount;
}
