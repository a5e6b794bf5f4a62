using System.Collections.Concurrent;
using System.Net;
using Beach.Actors.Gateway.Tests.Support;
using Xunit.Abstractions;

namespace Beach.Actors.Gateway.Tests;

/// <summary>Fencing tokens are the guarantee a harness relies on: every grant of a session gets a higher one, forever.</summary>
[Collection(nameof(HeavyTests))]
public sealed class FencingTokenTests(ITestOutputHelper output)
{
    private const int GRANTS = 10_000;
    private const int CONTENDERS = 16;
    private const long TTL_MS = 60_000;

    [Fact]
    public async Task Fencing_tokens_strictly_increase_across_10000_grants_to_16_concurrent_contenders()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync("contended");
        var started = DateTime.UtcNow;
        var deadline = started + TimeSpan.FromMinutes(5);
        var tickets = 0;
        var attempts = 0L;
        var grants = new ConcurrentBag<(string LeaseId, long Token)>();

        // A contender takes a ticket, tries until it wins a grant for it, releases at once and takes the next
        // ticket; so exactly GRANTS grants happen. Every loop is bounded by the deadline.
        async Task ContendAsync(int contender)
        {
            var controllerId = $"ctl-{contender}";
            var myTokens = new List<long>();
            while (Interlocked.Increment(ref tickets) <= GRANTS)
            {
                while (true)
                {
                    DateTime.UtcNow.ShouldBeLessThan(deadline, "the contenders ran out of time");
                    Interlocked.Increment(ref attempts);
                    var acquired = await host.Client.AcquireAsync("contended", controllerId, TTL_MS);
                    if (acquired.Status == HttpStatusCode.OK)
                    {
                        var lease = acquired.Body;
                        myTokens.Add(lease.FencingToken);
                        grants.Add((lease.LeaseId, lease.FencingToken));
                        (await host.Client.ReleaseAsync("contended", lease.LeaseId)).Status.ShouldBe(HttpStatusCode.NoContent);
                        break;
                    }

                    // The holder is about to release; fifteen losers retrying at once would only crowd the
                    // session's queue ahead of that release, so a loser backs off a moment.
                    acquired.Status.ShouldBe(HttpStatusCode.Conflict);
                    await Task.Delay(TimeSpan.FromMilliseconds(1));
                }
            }

            // What one contender sees, in the order it saw it, only goes up.
            myTokens.ShouldBeInOrder(SortDirection.Ascending);
            myTokens.ShouldBeUnique();
        }

        await Task.WhenAll(Enumerable.Range(0, CONTENDERS).Select(c => Task.Run(() => ContendAsync(c))));
        var contention = DateTime.UtcNow - started;

        var tokens = grants.Select(g => g.Token).Order().ToArray();
        tokens.Length.ShouldBe(GRANTS);
        tokens.ShouldBeUnique();
        tokens.ShouldBe(Enumerable.Range(1, GRANTS).Select(t => (long)t));

        var events = await host.Client.ReadAllControllerEventsAsync("contended", pageSize: 1_000);
        events.Select(e => e.Seq).ShouldBeInOrder(SortDirection.Ascending);
        events.Select(e => e.Seq).ShouldBeUnique();
        var granted = events.Where(e => e.Kind == "granted").ToArray();
        granted.Select(e => e.FencingToken).ShouldBe(tokens);
        granted.Select(e => (e.LeaseId, e.FencingToken)).ToHashSet().SetEquals(grants).ShouldBeTrue();
        events.Count(e => e.Kind == "released").ShouldBe(GRANTS);
        output.WriteLine($"{GRANTS} grants to {CONTENDERS} contenders in {contention.TotalSeconds:F1} s with {attempts} acquire attempts; read {events.Count} events in {(DateTime.UtcNow - started - contention).TotalSeconds:F1} s.");
    }

    [Fact]
    public async Task Fencing_tokens_continue_after_the_host_restarts_on_the_same_data()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync("term-1");
        var highest = 0L;
        for (var i = 0; i < 3; i++)
        {
            var lease = (await host.Client.AcquireAsync("term-1", "ctl-a", TTL_MS)).Body;
            highest = lease.FencingToken;
            (await host.Client.ReleaseAsync("term-1", lease.LeaseId)).Status.ShouldBe(HttpStatusCode.NoContent);
        }

        await host.RestartAsync();
        var after = await host.Client.AcquireAsync("term-1", "ctl-b", TTL_MS);

        after.Status.ShouldBe(HttpStatusCode.OK);
        after.Body.FencingToken.ShouldBe(highest + 1);
        (await host.Client.GetSessionAsync("term-1")).Status.ShouldBe(HttpStatusCode.OK);
        (await host.Client.ReadAllControllerEventsAsync("term-1")).Select(e => e.FencingToken).ShouldBe([1, 1, 2, 2, 3, 3, 4]);
    }

    [Fact]
    public async Task A_lease_held_across_a_restart_is_still_held_and_keeps_its_token()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync("term-1");
        var held = (await host.Client.AcquireAsync("term-1", "ctl-a", TTL_MS)).Body;

        await host.RestartAsync();
        var contender = await host.Client.AcquireAsync("term-1", "ctl-b", TTL_MS);
        var renewed = await host.Client.RenewAsync("term-1", held.LeaseId, TTL_MS);

        contender.Status.ShouldBe(HttpStatusCode.Conflict);
        contender.ProblemBody.GetProperty("holder").GetString().ShouldBe("ctl-a");
        renewed.Status.ShouldBe(HttpStatusCode.OK);
        renewed.Body.FencingToken.ShouldBe(held.FencingToken);
    }
}

/// <summary>Tests that load the machine run alone, so their load does not slow the rest or the other way round.</summary>
[CollectionDefinition(nameof(HeavyTests), DisableParallelization = true)]
public sealed class HeavyTests;
