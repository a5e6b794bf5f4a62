namespace Beach.Actors.Bench.Grains;

/// <summary>The cheapest call there is: no arguments, a value-type result, completed synchronously.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    /// <summary>Counts the call and returns the count.</summary>
    ValueTask<int> Ping();
}
