using Beach.Actors.Runtime.Client;
using Beach.Actors.Runtime.Tests.Grains;
using Beach.Actors.Runtime.Tests.Transport;
using Beach.Actors.Runtime.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beach.Actors.Runtime.Tests.Client;

public sealed class ClusterClientTests
{
    [Fact]
    public async Task A_client_that_hosts_no_grains_reaches_grains_on_every_silo_through_its_gateways()
    {
        await using var silos = new TcpSilos();
        var a = await silos.AddAsync();
        var b = await silos.AddAsync();
        await silos.WaitForViewsAsync(active: 2);
        using var client = await StartClientAsync(silos);
        var grains = client.Services.GetRequiredService<IGrainFactory>();

        var counts = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => grains.GetGrain<ITurnGrain>($"c-{i}").Touch()));

        counts.ShouldAllBe(count => count == 1);
        var onA = Enumerable.Range(0, 100).Count(i => TcpSilos.Hosts(a, new GrainId("turn", $"c-{i}")));
        var onB = Enumerable.Range(0, 100).Count(i => TcpSilos.Hosts(b, new GrainId("turn", $"c-{i}")));
        (onA + onB).ShouldBe(100, "each grain has one activation, on a silo, none on the client");
        onA.ShouldBeGreaterThan(0);
        onB.ShouldBeGreaterThan(0);
        (await TcpSilos.Grains(a).GetGrain<ITurnGrain>("c-7").Touch()).ShouldBe(2, "the client's call and the silo's reach one activation");
        client.Services.GetRequiredService<GatewayConnections>().ConnectionCount.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_client_learns_which_silo_runs_a_grain_and_calls_it_there_from_then_on()
    {
        await using var silos = new TcpSilos();
        var a = await silos.AddAsync();
        var b = await silos.AddAsync();
        await silos.WaitForViewsAsync(active: 2);
        using var client = await StartClientAsync(silos);
        var grains = client.Services.GetRequiredService<IGrainFactory>();
        var router = client.Services.GetRequiredService<GatewayConnections>();
        var ids = Enumerable.Range(0, 40).Select(i => new GrainId("turn", $"l-{i}")).ToList();

        // The first calls go through the one gateway the client has opened; that silo passes on those of grains that run
        // on the other and names it, and the client opens a connection to the silo it learnt of.
        foreach (var id in ids)
        {
            await grains.GetGrain<ITurnGrain>(id.Key).Touch();
        }

        foreach (var id in ids)
        {
            var host = TcpSilos.Hosts(a, id) ? a : b;
            router.LocationOf(id).ShouldBe(TcpSilos.AddressOf(host), $"{id} runs on {TcpSilos.AddressOf(host)}");
        }

        await Probe.WaitUntil(() => router.ConnectionCount == 2);
        var counts = await Task.WhenAll(ids.Select(id => grains.GetGrain<ITurnGrain>(id.Key).Touch()));
        counts.ShouldAllBe(count => count == 2, "the direct calls reach the one activation of each grain");
    }

    [Fact]
    public async Task A_client_keeps_calling_through_the_other_gateway_when_one_silo_goes()
    {
        await using var silos = new TcpSilos();
        var a = await silos.AddAsync();
        var b = await silos.AddAsync();
        await silos.WaitForViewsAsync(active: 2);
        using var client = await StartClientAsync(silos);
        var grains = client.Services.GetRequiredService<IGrainFactory>();
        for (var i = 0; i < 20; i++)
        {
            await grains.GetGrain<IStateGrain>($"k-{i}").Set(i);
        }

        await b.StopAsync();
        await Probe.WaitUntil(() => TcpSilos.View(a).Active.Length == 1);

        // Grains that lived on B come back on A with their state (the storage is shared); the client finds A.
        for (var i = 0; i < 20; i++)
        {
            (await CallUntilAsync(() => grains.GetGrain<IStateGrain>($"k-{i}").Get())).ShouldBe(i);
        }
    }

    private static async Task<T> CallUntilAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // The client has not yet re-read its gateways, or a call met the departing silo: outcome reported, retry.
                await Task.Delay(20);
            }
        }
    }

    private static async Task<IHost> StartClientAsync(TcpSilos silos)
    {
        var client = new HostBuilder()
            .ConfigureServices(services =>
            {
                services.AddLogging(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning));
                services.AddSingleton(silos.Membership);
                services.AddBeachClusterClient([typeof(ITurnGrain).Assembly], client => client.GatewayRefreshPeriod = TimeSpan.FromMilliseconds(200));
            })
            .Build();
        await client.StartAsync();
        return client;
    }
}
