using System.Net;
using Beach.Actors.Cluster.Tests.Support;
using Beach.Actors.Runtime.Streams.Cluster;
using Beach.Actors.Sessions;
using Beach.Actors.Streams;
using Beach.Actors.Testing.Http;
using Beach.Actors.Testing.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Cluster.Tests;

/// <summary>
/// A session's event stream followed over SSE on the gateway process, a cluster client that hosts no grains, while the
/// session's grains publish on silos: the events cross processes to the stream's home and from it to the gateway.
/// </summary>
public sealed class StreamAcrossProcessesTests
{
    private const string SESSION = "sse-x";

    [Fact]
    public Task An_sse_subscriber_on_the_gateway_process_receives_the_sessions_events_in_order_and_keeps_receiving_after_its_silo_is_killed()
        => FollowAcrossAKillAsync(cluster => cluster.Running.Single(silo => silo.Hosts(new GrainId("session", $"dev/{SESSION}"))), expectNewEpoch: false);

    [Fact]
    public Task When_the_streams_home_silo_is_killed_the_gateway_subscriber_is_told_a_gap_then_gets_the_new_homes_events()
        => FollowAcrossAKillAsync(
            cluster =>
            {
                var home = cluster.Running[0].Host.Services.GetRequiredService<IStreamHomeLocator>().HomeOf(SessionEvents.StreamOf("dev", SESSION));
                return cluster.Running.Single(silo => silo.Address == home);
            },
            expectNewEpoch: true);

    private static async Task FollowAcrossAKillAsync(Func<TestCluster, TestSilo> victimOf, bool expectNewEpoch)
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await TestCluster.StartAsync(database.ConnectionString, silos: 3);
        await using var gateway = await GatewayProcessTests.StartGatewayAsync(database.ConnectionString);
        var api = gateway.Client;
        (await api.RegisterAsync(new { SessionId = SESSION, HarnessId = "h1", HarnessType = "terminal_shim", Capabilities = Array.Empty<string>() }))
            .Status.ShouldBe(HttpStatusCode.Created);

        await using var sse = await SseConnection.OpenAsync(api.Http, $"/sessions/{SESSION}/state/stream");
        sse.IsOk.ShouldBeTrue();
        var lease = (await api.AcquireAsync(SESSION, "alice", 60_000)).Body;
        (await api.EnqueueAsync(SESSION, lease, "terminal_line")).Status.ShouldBe(HttpStatusCode.Accepted);

        var before = await ReadUntilAsync(sse, SessionEventKinds.ActionQueued);
        before.Select(message => message.Event).ShouldBe([SessionEventKinds.LeaseGranted, SessionEventKinds.ActionQueued]);
        var tokens = before.Select(message => Token(message.Id)).ToList();
        tokens[1].Epoch.ShouldBe(tokens[0].Epoch);
        tokens[1].Sequence.ShouldBe(tokens[0].Sequence + 1, "one stream, one sequence, though two grains publish to it");

        // The silo that hosts the session dies; the next heartbeat activates the session elsewhere.
        var victim = victimOf(cluster);
        await cluster.KillAsync(victim);
        await cluster.WaitForViewsAsync(TimeSpan.FromSeconds(20));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await api.HeartbeatAsync(SESSION, "degraded")).Status != HttpStatusCode.OK)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the session answers again after its silo was killed");
            await Task.Delay(100);
        }

        var after = await ReadUntilAsync(sse, SessionEventKinds.HealthChanged);
        var health = after.Last();
        var gaps = after.Where(message => message.Event == "stream_gap").ToList();
        if (expectNewEpoch)
        {
            Token(health.Id).Epoch.ShouldNotBe(tokens[1].Epoch, "the stream's new home started a new epoch");
        }

        if (Token(health.Id).Epoch != tokens[1].Epoch)
        {
            gaps.ShouldNotBeEmpty("a new epoch of the stream is announced by a gap, never silently");
            after.IndexOf(gaps[0]).ShouldBeLessThan(after.IndexOf(health));
        }
        else
        {
            Token(health.Id).Sequence.ShouldBeGreaterThan(tokens[1].Sequence);
        }
    }

    private static StreamSequenceToken Token(string? id)
    {
        StreamSequenceToken.TryParse(id, out var token).ShouldBeTrue($"'{id}' is a stream token");
        return token;
    }

    /// <summary>Reads messages (no comments) until one of <paramref name="kind"/>, which is the last of the list.</summary>
    private static async Task<List<SseMessage>> ReadUntilAsync(SseConnection sse, string kind)
    {
        var read = new List<SseMessage>();
        while (read.Count < 100)
        {
            var message = await sse.ReadAsync();
            if (message.Event is null)
            {
                continue;
            }

            read.Add(message);
            if (message.Event == kind)
            {
                return read;
            }
        }

        throw new InvalidOperationException($"No {kind} event among {read.Count} messages.");
    }
}
