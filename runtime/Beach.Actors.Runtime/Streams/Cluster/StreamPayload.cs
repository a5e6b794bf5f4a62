namespace Beach.Actors.Runtime.Streams.Cluster;

/// <summary>
/// One event as the home keeps it: the item serialized (the home never needs its type), or a marker that
/// <paramref name="Dropped"/> events were lost on their way to the home (a full forward queue, a failed send).
/// </summary>
/// <param name="Json">The item in the wire's JSON; null for a loss marker.</param>
/// <param name="Dropped">For a marker: how many events were lost, as far as the sender knows.</param>
[Immutable]
internal sealed record StreamPayload(string? Json, long Dropped = 0)
{
    public bool IsLoss => Json is null;
}
