using System.Net;
using Beach.Actors.Gateway.Tests.Support;
using Beach.Actors.Testing;
using Beach.Actors.Testing.Http;

namespace Beach.Actors.Gateway.Tests;

public sealed class LeaseTests
{
    private const long TTL_MS = 10_000;

    [Fact]
    public async Task Acquire_grants_the_first_fencing_token_and_records_a_granted_event()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock);
        await host.Client.RegisterSessionAsync("term-1");

        var acquired = await host.Client.AcquireAsync("term-1", "ctl-a", TTL_MS);

        acquired.Status.ShouldBe(HttpStatusCode.OK);
        var lease = acquired.Body;
        lease.SessionId.ShouldBe("term-1");
        lease.ControllerId.ShouldBe("ctl-a");
        lease.FencingToken.ShouldBe(1);
        lease.ExpiresAt.ShouldBe(clock.GetUtcNow().AddMilliseconds(TTL_MS));
        var events = await host.Client.ReadAllControllerEventsAsync("term-1");
        events.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            e => e.Kind.ShouldBe("granted"),
            e => e.LeaseId.ShouldBe(lease.LeaseId),
            e => e.FencingToken.ShouldBe(1),
            e => e.ExpiresAt.ShouldBe(lease.ExpiresAt));
    }

    [Fact]
    public async Task Renew_keeps_the_fencing_token_and_moves_the_expiry()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock);
        await host.Client.RegisterSessionAsync("term-1");
        var lease = (await host.Client.AcquireAsync("term-1", "ctl-a", TTL_MS)).Body;

        clock.Advance(TimeSpan.FromSeconds(3));
        var renewed = await host.Client.RenewAsync("term-1", lease.LeaseId, TTL_MS);

        renewed.Status.ShouldBe(HttpStatusCode.OK);
        renewed.Body.LeaseId.ShouldBe(lease.LeaseId);
        renewed.Body.FencingToken.ShouldBe(lease.FencingToken);
        renewed.Body.ExpiresAt.ShouldBe(lease.ExpiresAt.AddSeconds(3));
        var events = await host.Client.ReadAllControllerEventsAsync("term-1");
        events.Select(e => e.Kind).ShouldBe(["granted", "renewed"]);
        events[1].ExpiresAt.ShouldBe(renewed.Body.ExpiresAt);
    }

    [Fact]
    public async Task Renew_by_naming_another_controller_returns_conflict()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync("term-1");
        var lease = (await host.Client.AcquireAsync("term-1", "ctl-a", TTL_MS)).Body;

        var renewed = await host.Client.RenewAsync("term-1", lease.LeaseId, TTL_MS, controllerId: "ctl-b");

        renewed.Status.ShouldBe(HttpStatusCode.Conflict);
        renewed.ProblemBody.GetProperty("lease_id").GetString().ShouldBe(lease.LeaseId);
    }

    [Fact]
    public async Task Release_answers_no_content_after_which_the_lease_can_be_neither_renewed_nor_released()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync("term-1");
        var lease = (await host.Client.AcquireAsync("term-1", "ctl-a", TTL_MS)).Body;

        var released = await host.Client.ReleaseAsync("term-1", lease.LeaseId);
        var renewAfter = await host.Client.RenewAsync("term-1", lease.LeaseId, TTL_MS);
        var releaseAfter = await host.Client.ReleaseAsync("term-1", lease.LeaseId);

        released.Status.ShouldBe(HttpStatusCode.NoContent);
        renewAfter.Status.ShouldBe(HttpStatusCode.Conflict);
        renewAfter.ContentType.ShouldBe("application/problem+json");
        releaseAfter.Status.ShouldBe(HttpStatusCode.Conflict);
        releaseAfter.ProblemBody.GetProperty("lease_id").GetString().ShouldBe(lease.LeaseId);
        (await host.Client.ReadAllControllerEventsAsync("term-1")).Select(e => e.Kind).ShouldBe(["granted", "released"]);
    }

    [Fact]
    public async Task Acquire_when_held_by_another_controller_returns_conflict_with_holder_and_expiry()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync("term-1");
        var held = (await host.Client.AcquireAsync("term-1", "ctl-a", TTL_MS)).Body;

        var contender = await host.Client.AcquireAsync("term-1", "ctl-b", TTL_MS);

        contender.Status.ShouldBe(HttpStatusCode.Conflict);
        contender.ContentType.ShouldBe("application/problem+json");
        var problem = contender.ProblemBody;
        problem.GetProperty("holder").GetString().ShouldBe("ctl-a");
        DateTimeOffset.Parse(problem.GetProperty("expires_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(held.ExpiresAt);
        (await host.Client.ReadAllControllerEventsAsync("term-1")).ShouldHaveSingleItem().Kind.ShouldBe("granted");
    }

    [Fact]
    public async Task An_unrenewed_lease_expires_by_timer_and_the_next_controller_gets_the_next_token()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock);
        await host.Client.RegisterSessionAsync("term-1");
        var first = (await host.Client.AcquireAsync("term-1", "ctl-a", 1_000)).Body;

        clock.Advance(TimeSpan.FromMilliseconds(1_001));

        // Reading events does not touch the lease, so the expired event can only come from the grain's timer.
        var events = await WaitForEventsAsync(host.Client, "term-1", count: 2);
        events.Select(e => e.Kind).ShouldBe(["granted", "expired"]);
        events[1].LeaseId.ShouldBe(first.LeaseId);
        events[1].FencingToken.ShouldBe(first.FencingToken);
        var next = await host.Client.AcquireAsync("term-1", "ctl-b", TTL_MS);
        next.Status.ShouldBe(HttpStatusCode.OK);
        next.Body.FencingToken.ShouldBe(first.FencingToken + 1);
    }

    [Fact]
    public async Task A_renewed_lease_expires_by_timer_at_its_new_expiry_not_its_old_one()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock);
        await host.Client.RegisterSessionAsync("term-1");
        var lease = (await host.Client.AcquireAsync("term-1", "ctl-a", 1_000)).Body;
        clock.Advance(TimeSpan.FromMilliseconds(500));
        var renewed = (await host.Client.RenewAsync("term-1", lease.LeaseId, 1_000)).Body;

        clock.Advance(TimeSpan.FromMilliseconds(600));
        var pastOldExpiry = await host.Client.ReadAllControllerEventsAsync("term-1");
        var stillHeld = await host.Client.AcquireAsync("term-1", "ctl-b", TTL_MS);
        clock.Advance(TimeSpan.FromMilliseconds(400));
        var pastNewExpiry = await WaitForEventsAsync(host.Client, "term-1", count: 3);

        pastOldExpiry.Select(e => e.Kind).ShouldBe(["granted", "renewed"]);
        stillHeld.Status.ShouldBe(HttpStatusCode.Conflict);
        pastNewExpiry.Select(e => e.Kind).ShouldBe(["granted", "renewed", "expired"]);
        pastNewExpiry[2].ExpiresAt.ShouldBe(renewed.ExpiresAt);
    }

    [Fact]
    public async Task Renew_after_expiry_returns_conflict()
    {
        var clock = new ManualTimeProvider();
        await using var host = await GatewayHost.StartAsync(clock);
        await host.Client.RegisterSessionAsync("term-1");
        var lease = (await host.Client.AcquireAsync("term-1", "ctl-a", 1_000)).Body;

        clock.Advance(TimeSpan.FromSeconds(2));
        var renewed = await host.Client.RenewAsync("term-1", lease.LeaseId, TTL_MS);

        renewed.Status.ShouldBe(HttpStatusCode.Conflict);
        renewed.ProblemBody.GetProperty("lease_id").GetString().ShouldBe(lease.LeaseId);
        var events = await host.Client.ReadAllControllerEventsAsync("term-1");
        events.Select(e => e.Kind).ShouldBe(["granted", "expired"]);
    }

    [Fact]
    public async Task Acquire_on_an_unknown_session_returns_not_found()
    {
        await using var host = await GatewayHost.StartAsync();

        var acquired = await host.Client.AcquireAsync("nobody", "ctl-a", TTL_MS);

        acquired.Status.ShouldBe(HttpStatusCode.NotFound);
        acquired.ContentType.ShouldBe("application/problem+json");
        (await host.Client.GetControllerEventsAsync("nobody")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Controller_events_page_through_next_cursor_in_order()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.Client.RegisterSessionAsync("term-1");
        for (var i = 0; i < 5; i++)
        {
            var lease = (await host.Client.AcquireAsync("term-1", $"ctl-{i}", TTL_MS)).Body;
            (await host.Client.ReleaseAsync("term-1", lease.LeaseId)).Status.ShouldBe(HttpStatusCode.NoContent);
        }

        var first = (await host.Client.GetControllerEventsAsync("term-1", after: 0, limit: 4)).Body;
        var second = (await host.Client.GetControllerEventsAsync("term-1", after: first.NextCursor, limit: 4)).Body;
        var all = await host.Client.ReadAllControllerEventsAsync("term-1", pageSize: 3);

        first.Events.Count.ShouldBe(4);
        first.NextCursor.ShouldBe(first.Events[^1].Seq);
        second.Events[0].Seq.ShouldBeGreaterThan(first.NextCursor);
        all.Count.ShouldBe(10);
        all.Select(e => e.Seq).ShouldBeInOrder(SortDirection.Ascending);
        all.Select(e => e.Kind).ShouldBe(Enumerable.Repeat(new[] { "granted", "released" }, 5).SelectMany(k => k));
        all.Select(e => e.FencingToken).ShouldBe([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    }

    private static async Task<IReadOnlyList<ControllerEventJson>> WaitForEventsAsync(ControlPlaneClient client, string sessionId, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var events = await client.ReadAllControllerEventsAsync(sessionId);
            if (events.Count >= count || DateTime.UtcNow > deadline)
            {
                return events;
            }

            await Task.Delay(20);
        }
    }
}
