using System.Diagnostics;
using Beach.Actors.Cluster.Tests.Grains;
using Beach.Actors.Cluster.Tests.Support;
using Beach.Actors.Runtime.Reminders;
using Beach.Actors.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Beach.Actors.Cluster.Tests;

public sealed class ReminderFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Reminders_of_a_killed_silo_tick_again_on_the_survivors_and_no_due_time_ticks_twice()
    {
        var clock = Stopwatch.StartNew();
        var log = new TickLog();
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await TestCluster.StartAsync(database.ConnectionString, silos: 3, services =>
        {
            services.AddSingleton(log);
            services.Configure<ReminderOptions>(options =>
            {
                options.MinimumPeriod = TimeSpan.FromMilliseconds(500);

                // A reminder registered while the silos' ring ranges are still settling can end up armed nowhere until
                // the next refresh (a runtime race, seen under a loaded full suite): refresh often enough to cover it.
                options.RefreshPeriod = TimeSpan.FromSeconds(2);
            });
        });

        const int GRAINS = 30;
        var silos = cluster.Running;
        for (var i = 0; i < GRAINS; i++)
        {
            await silos[i % 3].Grains.GetGrain<ITickingGrain>($"g-{i}").StartTicking(Reminder(i), Period);
        }

        var silosAtStart = cluster.Running;
        try
        {
            await Eventually.HoldsAsync(() => Enumerable.Range(0, GRAINS).All(i => TicksOf(log, i) >= 2), TimeSpan.FromSeconds(20), "every reminder ticked twice");
        }
        catch (TimeoutException)
        {
            output.WriteLine(string.Join("; ", Enumerable.Range(0, GRAINS).Where(i => TicksOf(log, i) < 2)
                .Select(i => $"{Reminder(i)}: {TicksOf(log, i)} ticks, armed on [{string.Join(",", silosAtStart.Where(silo => ArmedOn(silo, i) || silo.Host.Services.GetRequiredService<ReminderService>().ArmedCount < 0).Select(silo => silo.Name))}], armed counts {string.Join(",", silosAtStart.Select(silo => silo.Host.Services.GetRequiredService<ReminderService>().ArmedCount))}")));
            throw;
        }

        // The victim is the silo that arms the most reminders: the owner of their ring ranges, wherever their grains live.
        var victim = silos.MaxBy(silo => Enumerable.Range(0, GRAINS).Count(i => ArmedOn(silo, i)))!;
        var owned = Enumerable.Range(0, GRAINS).Where(i => ArmedOn(victim, i)).ToList();
        owned.ShouldNotBeEmpty();
        var killedAt = DateTimeOffset.UtcNow;
        var killed = clock.Elapsed;
        await cluster.KillAsync(victim);
        var survivors = cluster.Running;
        await cluster.WaitForViewsAsync(TimeSpan.FromSeconds(15));
        var declaredDead = clock.Elapsed;

        // Each reminder the victim armed ticks again, for a due time after the kill, armed on one survivor.
        await Eventually.HoldsAsync(
            () => owned.All(i => log.Ticks.Any(tick => tick.Name == Reminder(i) && tick.Due > killedAt)),
            TimeSpan.FromSeconds(15),
            "every reminder of the killed silo ticked again");
        await Eventually.HoldsAsync(
            () => Enumerable.Range(0, GRAINS).All(i => survivors.Count(silo => ArmedOn(silo, i)) == 1),
            TimeSpan.FromSeconds(5),
            "every reminder is armed on exactly one survivor");

        var ticks = log.Ticks.ToList();
        output.WriteLine($"{ticks.Count} ticks; {owned.Count} of {GRAINS} reminders armed on {victim}; killed at {killed.TotalSeconds:0.0} s, declared dead at {declaredDead.TotalSeconds:0.0} s; done at {clock.Elapsed.TotalSeconds:0.0} s");
        ticks.Where(tick => tick.Due > killedAt).ShouldAllBe(tick => tick.RanOn != victim.Address, "nothing ticks on the killed silo after its kill");
        var twice = ticks.GroupBy(tick => (tick.Grain, tick.Name, tick.Due)).Where(group => group.Count() > 1).ToList();
        twice.ShouldBeEmpty($"a due time ticked more than once: {string.Join("; ", twice.Select(group => $"{group.Key.Name} at {group.Key.Due:O} on {string.Join(", ", group.Select(tick => tick.RanOn))}"))}");
    }

    private static string Reminder(int i) => $"beat-{i}";

    private static int TicksOf(TickLog log, int i) => log.Ticks.Count(tick => tick.Name == Reminder(i));

    private static bool ArmedOn(TestSilo silo, int i) => silo.Host.Services.GetRequiredService<ReminderService>().TicksSent(Reminder(i)) > 0;
}
