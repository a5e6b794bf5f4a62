using Beach.Actors.Runtime.Reminders;
using Beach.Actors.Runtime.Tests.Grains;
using Beach.Actors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Runtime.Tests.Cluster;

[Collection(TimingSensitiveCollection.NAME)]
public sealed class ClusterReminderTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Each_reminder_ticks_on_one_silo_and_moves_when_that_silo_dies()
    {
        var clock = new ManualTimeProvider();
        await using var cluster = new InProcessCluster(clock);
        for (var i = 0; i < 3; i++)
        {
            await cluster.AddSiloAsync();
        }

        var members = cluster.Members.ToList();
        const int GRAINS = 60;
        for (var i = 0; i < GRAINS; i++)
        {
            await members[i % 3].Grains.GetGrain<IReminderGrain>($"c-{i}").Register("beat", Minute, Minute);
        }

        await Probe.WaitUntil(() => members.Sum(Armed) == GRAINS);
        members.ShouldAllBe(member => Armed(member) > 0, "the ring spreads reminders over the silos");

        clock.Advance(Minute);
        await Probe.WaitUntil(() => cluster.ReminderLog.Ticks.Count >= GRAINS);
        cluster.ReminderLog.Ticks.Count.ShouldBe(GRAINS);

        var victim = members[0];
        var moving = Armed(victim);
        await cluster.KillAsync(victim);
        var survivors = cluster.Members.ToList();
        await Probe.WaitUntil(() => survivors.Sum(Armed) == GRAINS);

        clock.Advance(Minute);
        await Probe.WaitUntil(() => cluster.ReminderLog.Ticks.Count >= 2 * GRAINS);
        await Task.Delay(50);
        cluster.ReminderLog.Ticks.Count.ShouldBe(2 * GRAINS, $"{moving} reminders moved; none ticked twice");
        cluster.ReminderLog.Ticks.GroupBy(tick => tick.Grain).ShouldAllBe(ticks => ticks.Count() == 2);

        // The survivors sent one tick per reminder they kept for each minute, and one per moved reminder: a moved
        // reminder does not tick again for the point its dead owner already ticked (the kill came exactly at it).
        survivors.Sum(member => Sent(member, "beat")).ShouldBe(2 * (GRAINS - moving) + moving);
    }

    private static int Sent(InProcessCluster.Member member, string name) => member.Host.Services.GetRequiredService<ReminderService>().TicksSent(name);

    private static int Armed(InProcessCluster.Member member) => member.Host.Services.GetRequiredService<ReminderService>().ArmedCount;
}
