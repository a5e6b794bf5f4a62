namespace Beach.Actors.Runtime.Cluster;

/// <summary>
/// Reads the membership table now instead of at the next refresh, and publishes the view it finds. Membership does
/// this on a silo; without membership (a cluster whose views are published by hand) there is nothing to read.
/// </summary>
internal interface IClusterViewRefresher
{
    Task RefreshViewAsync(CancellationToken cancellationToken);
}

/// <summary>The refresher of a silo without membership: its views are published to it.</summary>
internal sealed class NoClusterViewRefresher : IClusterViewRefresher
{
    public Task RefreshViewAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
