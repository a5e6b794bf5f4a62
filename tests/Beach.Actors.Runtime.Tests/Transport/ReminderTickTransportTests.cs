using Beach.Actors.Cluster;
using Beach.Actors.Invocation;
using Beach.Actors.Reminders;
using Beach.Actors.Runtime.Reminders;
using Beach.Actors.Runtime.Tests.Grains;
using Beach.Actors.Runtime.Tests.Wire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Beach.Actors.Runtime.Tests.Transport;

public sealed class ReminderTickTransportTests
{
    private static readonly DateTimeOffset s_first = new(2026, 3, 1, 12, 0, 0, 250, TimeSpan.Zero);

    [Fact]
    public async Task A_reminder_tick_crosses_the_wire_with_its_name_and_status_and_answers_void()
    {
        var wire = new WireFixture();
        var status = new TickStatus(s_first, TimeSpan.FromMilliseconds(1500), s_first + TimeSpan.FromSeconds(3));
        var tick = new ReminderTickRequest("poll", status);

        var received = wire.RoundTrip(tick, new GrainId("reminder", "r-1"));
        var grain = new RecordingRemindable();
        var response = await received.Body.InvokeAsync(grain);
        var answered = WireFixture.RoundTripResponse(response, tick);

        received.Target.ShouldBe(new GrainId("reminder", "r-1"));
        received.Body.Method.Id.ShouldBe("Beach.Actors.Reminders.IRemindable.ReceiveReminder(string,Beach.Actors.Reminders.TickStatus)");
        grain.Ticks.ShouldBe([("poll", status)]);
        answered.Exception.ShouldBeNull();
    }

    [Fact]
    public async Task A_tick_for_a_grain_that_is_not_remindable_answers_with_the_reason_across_the_wire()
    {
        var tick = new ReminderTickRequest("poll", new TickStatus(s_first, TimeSpan.FromSeconds(1), s_first));

        var received = new WireFixture().RoundTrip(tick);
        var response = WireFixture.RoundTripResponse(await received.Body.InvokeAsync(new object()), tick);

        response.Exception.ShouldBeOfType<InvalidOperationException>().Message.ShouldContain("does not implement IRemindable");
    }

    [Fact]
    public async Task Reminder_ticks_reach_grains_whose_activation_lives_on_another_silo_than_the_reminder()
    {
        var table = new InMemoryReminderTable();
        await using var silos = new TcpSilos();
        void Reminders(IServiceCollection services)
        {
            services.AddSingleton(new ReminderLog());
            services.AddSingleton<IReminderTable>(table);
            services.Configure<ReminderOptions>(options => options.MinimumPeriod = TimeSpan.FromMilliseconds(100));
        }

        var a = await silos.AddAsync(Reminders);
        var b = await silos.AddAsync(Reminders);
        await silos.WaitForViewsAsync(active: 2);

        const int GRAINS = 24;
        for (var i = 0; i < GRAINS; i++)
        {
            await TcpSilos.Grains(i % 2 == 0 ? a : b).GetGrain<IReminderGrain>($"r-{i}").Register($"tick-{i}", TimeSpan.Zero, TimeSpan.FromMilliseconds(300));
        }

        // A grain whose reminder is armed on one silo and whose activation is on the other can only tick over TCP.
        var hosts = new[] { a, b };
        await Probe.WaitUntil(() => Enumerable.Range(0, GRAINS).All(i => TicksLogged(hosts, $"r-{i}") >= 2), 20_000);
        var crossing = Enumerable.Range(0, GRAINS)
            .Where(i => hosts.Single(host => TcpSilos.Hosts(host, new GrainId("reminder", $"r-{i}"))) != hosts.Single(host => Armed(host, $"tick-{i}")))
            .ToList();

        crossing.ShouldNotBeEmpty("with random placement some grains live away from their reminder's owner");
        crossing.ShouldAllBe(i => TicksLogged(hosts, $"r-{i}") >= 2);
    }

    private static int TicksLogged(IHost[] hosts, string grain) => hosts.Sum(host => host.Services.GetRequiredService<ReminderLog>().Ticks.Count(tick => tick.Grain == grain));

    private static bool Armed(IHost host, string reminder) => host.Services.GetRequiredService<ReminderService>().TicksSent(reminder) > 0;

    private sealed class RecordingRemindable : IRemindable
    {
        public List<(string Name, TickStatus Status)> Ticks { get; } = [];

        public Task ReceiveReminder(string reminderName, TickStatus status)
        {
            Ticks.Add((reminderName, status));
            return Task.CompletedTask;
        }
    }
}
