using Beach.Actors.Runtime.Tests.Grains;

namespace Beach.Actors.Runtime.Tests.Transport;

public sealed class TcpTransportTests
{
    [Fact]
    public async Task Calls_from_either_silo_reach_one_activation_per_grain_over_tcp()
    {
        await using var silos = new TcpSilos();
        var a = await silos.AddAsync();
        var b = await silos.AddAsync();
        await silos.WaitForViewsAsync(active: 2);

        const int GRAINS = 200;
        var first = await Task.WhenAll(Enumerable.Range(0, GRAINS).Select(i => TcpSilos.Grains(a).GetGrain<ITurnGrain>($"t-{i}").Touch()));
        var second = await Task.WhenAll(Enumerable.Range(0, GRAINS).Select(i => TcpSilos.Grains(b).GetGrain<ITurnGrain>($"t-{i}").Touch()));

        first.ShouldAllBe(count => count == 1);
        second.ShouldAllBe(count => count == 2, "the second call of each grain reached the activation of the first");
        for (var i = 0; i < GRAINS; i++)
        {
            var grain = new GrainId("turn", $"t-{i}");
            (TcpSilos.Hosts(a, grain) ^ TcpSilos.Hosts(b, grain)).ShouldBeTrue($"{grain} lives on exactly one silo");
        }

        Enumerable.Range(0, GRAINS).Count(i => TcpSilos.Hosts(b, new GrainId("turn", $"t-{i}"))).ShouldBeGreaterThan(GRAINS / 5, "random placement uses both silos");
    }

    [Fact]
    public async Task Exceptions_and_state_cross_the_wire_with_their_types()
    {
        await using var silos = new TcpSilos();
        var a = await silos.AddAsync();
        var b = await silos.AddAsync();
        await silos.WaitForViewsAsync(active: 2);

        for (var i = 0; i < 40; i++)
        {
            await TcpSilos.Grains(a).GetGrain<IStateGrain>($"st-{i}").Set(i);
            (await TcpSilos.Grains(b).GetGrain<IStateGrain>($"st-{i}").Get()).ShouldBe(i);
        }
    }
}
