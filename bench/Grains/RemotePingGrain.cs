namespace Beach.Actors.Bench.Grains;

/// <summary>A ping grain that activates on the silo that first calls it, so a scenario can choose where grains live.</summary>
public interface IRemotePingGrain : IGrainWithIntegerKey
{
    /// <summary>Counts the call and returns the count.</summary>
    ValueTask<int> Ping();
}

/// <summary>Answers pings on the silo that activated it.</summary>
[GrainType("bench-remote-ping")]
[PreferLocalPlacement]
internal sealed class RemotePingGrain : Grain, IRemotePingGrain
{
    private int _pings;

    public ValueTask<int> Ping() => new(++_pings);
}
