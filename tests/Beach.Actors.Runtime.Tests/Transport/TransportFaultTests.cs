using System.Diagnostics;
using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Cluster;
using Beach.Actors.Runtime.Membership;
using Beach.Actors.Runtime.Tests.Grains;
using Beach.Actors.Runtime.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Beach.Actors.Runtime.Tests.Transport;

/// <summary>What the silo-to-silo transport does when a peer is slow, gone, cut off and back.</summary>
public sealed class TransportFaultTests
{
    /// <summary>Well under the 30 s response timeout: "promptly" means the transport noticed, not that a call timed out.</summary>
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Past_the_unanswered_call_limit_calls_fail_at_once_with_overloaded_and_everything_else_completes_after()
    {
        const int LIMIT = 4;
        await using var silos = new TcpSilos();
        void Small(IServiceCollection services) => services.Configure<SiloTransportOptions>(options => options.MaxPendingRequestsPerConnection = LIMIT);
        var a = await silos.AddAsync(Small);
        var b = await silos.AddAsync(Small);
        await silos.WaitForViewsAsync(active: 2);
        var onB = await GrainsHostedOnAsync(a, b, LIMIT + 2);

        // LIMIT calls from a that b holds fill a's connection to b; each is inside its grain before the next goes.
        var held = new List<Task>();
        foreach (var key in onB.Take(LIMIT))
        {
            held.Add(TcpSilos.Grains(a).GetGrain<ITurnGrain>(key).Hold());
            await Probe.WaitUntil(() => ProbeOf(b).Inside == held.Count);
        }

        var refused = Stopwatch.StartNew();
        var extra = await Should.ThrowAsync<OverloadedException>(() => TcpSilos.Grains(a).GetGrain<ITurnGrain>(onB[LIMIT]).Touch());
        refused.Stop();
        await Should.ThrowAsync<OverloadedException>(() => TcpSilos.Grains(a).GetGrain<ITurnGrain>(onB[LIMIT + 1]).Touch());

        ProbeOf(b).Release();
        await Task.WhenAll(held).WaitAsync(Promptly);
        var after = new List<int>();
        foreach (var key in onB)
        {
            after.Add(await TcpSilos.Grains(a).GetGrain<ITurnGrain>(key).Touch());
        }

        refused.Elapsed.ShouldBeLessThan(Promptly, "a call past the limit is refused at once, not queued");
        extra.Message.ShouldContain("MaxPendingRequestsPerConnection");
        after.ShouldAllBe(count => count >= 2, "once b answers, every grain takes calls again (each was touched once before)");
    }

    [Fact]
    public async Task A_killed_silo_fails_the_calls_waiting_on_it_promptly_as_outcome_unknown_and_new_calls_as_unavailable()
    {
        await using var silos = new TcpSilos();
        var a = await silos.AddAsync();
        var b = await silos.AddAsync();
        await silos.WaitForViewsAsync(active: 2);
        var onB = await GrainsHostedOnAsync(a, b, 2);
        var waiting = TcpSilos.Grains(a).GetGrain<ITurnGrain>(onB[0]).Hold();
        await Probe.WaitUntil(() => ProbeOf(b).Inside == 1);

        var killed = Stopwatch.StartNew();
        b.Services.GetRequiredService<SiloConnectionManager>().Dispose();
        var lost = await Should.ThrowAsync<GrainCallTimeoutException>(() => waiting);
        var noticed = killed.Elapsed;

        // Until membership declares b dead, a still routes b's grains to it, and its port is closed.
        var unavailable = await Should.ThrowAsync<SiloUnavailableException>(() => TcpSilos.Grains(a).GetGrain<ITurnGrain>(onB[1]).Touch());
        ProbeOf(b).Release();

        noticed.ShouldBeLessThan(Promptly, "a lost connection fails its calls when it closes, not at their timeout");
        lost.Message.ShouldContain("outcome is unknown");
        unavailable.ShouldNotBeNull();
        a.Services.GetRequiredService<ClusterViewSource>().Current.IsActive(TcpSilos.AddressOf(b)).ShouldBeTrue(
            "the refusal came from the transport, before membership moved b's grains");
    }

    [Fact]
    public async Task An_isolated_silo_that_reconnects_before_membership_gives_up_takes_calls_again()
    {
        await using var silos = new TcpSilos();

        // Membership that never suspects anyone in this test: what is left is the transport's own recovery.
        void Patient(IServiceCollection services)
        {
            services.Configure<MembershipOptions>(options =>
            {
                options.MissedProbesLimit = 1_000;
                options.IAmAliveDeathAge = TimeSpan.FromMinutes(10);
            });
            services.Configure<SiloTransportOptions>(options => options.ReconnectBackoffMax = TimeSpan.FromMilliseconds(200));
        }

        var a = await silos.AddAsync(Patient);
        var b = await silos.AddAsync(Patient);
        await silos.WaitForViewsAsync(active: 2);
        var onB = await GrainsHostedOnAsync(a, b, 1);
        var grain = TcpSilos.Grains(a).GetGrain<ITurnGrain>(onB[0]);
        var connections = b.Services.GetRequiredService<SiloConnectionManager>();

        connections.Isolate();

        // Once a has seen its connection close (a call already on it would be lost, outcome unknown), b is unreachable.
        await Probe.WaitUntil(() => a.Services.GetRequiredService<SiloConnectionManager>().ConnectionCount == 0);
        await Should.ThrowAsync<SiloUnavailableException>(() => grain.Touch());
        connections.Reconnect();
        var reached = await EventuallyAsync(grain.Touch, TimeSpan.FromSeconds(10));

        reached.ShouldBeGreaterThanOrEqualTo(2, "the call reached the same activation on b, which was never moved");
        TcpSilos.Hosts(b, new GrainId("turn", onB[0])).ShouldBeTrue();
        a.Services.GetRequiredService<ClusterViewSource>().Current.IsActive(TcpSilos.AddressOf(b)).ShouldBeTrue();
    }

    [Fact]
    public async Task An_isolated_silo_that_membership_declares_dead_stops_and_does_not_come_back_on_reconnect()
    {
        await using var silos = new TcpSilos();
        var a = await silos.AddAsync();

        // b never suspects a, so that the partition has one verdict: a declares b dead.
        var b = await silos.AddAsync(services => services.Configure<MembershipOptions>(options => options.MissedProbesLimit = 1_000));
        await silos.WaitForViewsAsync(active: 2);
        var onB = await GrainsHostedOnAsync(a, b, 1);
        var bAddress = TcpSilos.AddressOf(b);
        var stopped = b.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        b.Services.GetRequiredService<SiloConnectionManager>().Isolate();
        await Probe.WaitUntil(() => !a.Services.GetRequiredService<ClusterViewSource>().Current.IsActive(bAddress), 15_000);
        await Probe.WaitUntil(() => stopped.IsCancellationRequested, 15_000);
        b.Services.GetRequiredService<SiloConnectionManager>().Reconnect();

        // The design: a silo declared dead never returns under its old generation; its grains live on a now.
        var moved = await EventuallyAsync(() => TcpSilos.Grains(a).GetGrain<ITurnGrain>(onB[0]).Touch(), TimeSpan.FromSeconds(10));
        moved.ShouldBe(1, "the grain was activated afresh on a");
        TcpSilos.Hosts(a, new GrainId("turn", onB[0])).ShouldBeTrue();
        a.Services.GetRequiredService<ClusterViewSource>().Current.IsActive(bAddress).ShouldBeFalse("a dead silo stays dead after its network returns");
        var table = await a.Services.GetRequiredService<IMembershipTable>().ReadAllAsync(CancellationToken.None);
        table.Find(bAddress).ShouldNotBeNull().Entry.Status.ShouldBe(SiloStatus.Dead);
    }

    internal static Probe ProbeOf(IHost host) => host.Services.GetRequiredService<Probe>();

    /// <summary>Touches grains through <paramref name="caller"/> until <paramref name="count"/> of them were placed on <paramref name="host"/>.</summary>
    internal static async Task<List<string>> GrainsHostedOnAsync(IHost caller, IHost host, int count)
    {
        var found = new List<string>();
        for (var i = 0; found.Count < count; i++)
        {
            i.ShouldBeLessThan(1_000, "random placement puts some grains on every silo");
            var key = $"t-{Guid.NewGuid():N}";
            await TcpSilos.Grains(caller).GetGrain<ITurnGrain>(key).Touch();
            if (TcpSilos.Hosts(host, new GrainId("turn", key)))
            {
                found.Add(key);
            }
        }

        return found;
    }

    /// <summary>Retries <paramref name="call"/> until it succeeds (bounded), for calls that fail until the cluster recovers.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> call, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(50);
            }
        }
    }
}
