using System.Collections.Immutable;
using System.Text.Json;
using Beach.Actors.Actions;
using Beach.Actors.Cluster.Tests.Support;
using Beach.Actors.Leases;
using Beach.Actors.Sessions;
using Beach.Actors.Testing.Postgres;
using Xunit.Abstractions;

namespace Beach.Actors.Cluster.Tests;

public sealed class ActionFailoverTests(ITestOutputHelper output)
{
    private static readonly SessionRegistration Registration = new("h1", "terminal_shim", ["terminal_write"], JsonDocument.Parse("{}").RootElement);

    [Fact]
    public async Task Queued_actions_of_sessions_on_a_killed_silo_are_delivered_elsewhere_once_in_order()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await TestCluster.StartAsync(database.ConnectionString, silos: 3);
        var sessions = Enumerable.Range(0, 12).Select(i => $"dev/queue-{i}").ToList();
        foreach (var (key, i) in sessions.Select((key, i) => (key, i)))
        {
            var grains = cluster.Running[i % 3].Grains;
            await grains.GetGrain<ISessionGrain>(key).RegisterAsync(Registration);
            var lease = await grains.GetGrain<IControllerLeaseGrain>(key).AcquireAsync("ctl", TimeSpan.FromMinutes(5));
            ImmutableArray<ActionRequest> actions = [.. Enumerable.Range(0, 5).Select(n => new ActionRequest($"a{n}", "terminal_write", default))];
            var accepted = await grains.GetGrain<ISessionGrain>(key).EnqueueActionsAsync(new ActionBatch(lease.LeaseId, lease.FencingToken, actions));
            accepted.Accepted.Select(action => action.Seq).ShouldBe([1L, 2L, 3L, 4L, 5L]);
        }

        // Sessions are placed at random: the victim is the silo that hosts the most of them, so that it hosts some.
        int Hosted(TestSilo silo) => sessions.Count(key => silo.Hosts(new GrainId("session", key)));
        var victim = cluster.Running.MaxBy(Hosted)!;
        var onVictim = Hosted(victim);
        await cluster.KillAsync(victim);
        await cluster.WaitForViewsAsync(TimeSpan.FromSeconds(15));

        var survivor = cluster.Running[0].Grains;
        foreach (var key in sessions)
        {
            var session = survivor.GetGrain<ISessionGrain>(key);
            var delivered = await Eventually.ResultAsync(() => session.PollActionsAsync(16, TimeSpan.Zero, CancellationToken.None));
            delivered.Select(action => action.ActionId).ShouldBe(["a0", "a1", "a2", "a3", "a4"], $"{key} keeps its queue in order");
            var acked = await session.AckActionsAsync([.. delivered.Select(action => new ActionAck(action.Seq, ActionAckStatus.Ok, null))]);
            acked.Outcomes.ShouldAllBe(outcome => outcome.Outcome == AckOutcomeKind.Acked);
            (await session.PollActionsAsync(16, TimeSpan.Zero, CancellationToken.None)).ShouldBeEmpty($"{key} delivers each action once");
        }

        output.WriteLine($"{onVictim} of {sessions.Count} sessions lived on the killed silo");
        onVictim.ShouldBeGreaterThan(0, "the victim hosted some of the sessions");
    }
}
