namespace Beach.Actors.Bench.Grains;

/// <summary>Answers pings; its only state is how many it answered.</summary>
[GrainType("bench-ping")]
internal sealed class PingGrain : Grain, IPingGrain
{
    private int _pings;

    public ValueTask<int> Ping() => new(++_pings);
}
