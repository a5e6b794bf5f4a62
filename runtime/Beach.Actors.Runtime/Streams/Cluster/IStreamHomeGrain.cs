using System.Collections.Immutable;

namespace Beach.Actors.Runtime.Streams.Cluster;

/// <summary>
/// What processes ask of a stream's home silo: take forwarded events, and hand out what it retains. One system grain per
/// silo, keyed by the silo's address; cluster clients reach it through their gateway like any grain.
/// </summary>
internal interface IStreamHomeGrain : IGrainWithStringKey
{
    /// <summary>Publishes the events; returns the positions of those whose stream this silo is not the home of.</summary>
    Task<ImmutableArray<int>> Publish(ImmutableArray<ForwardedEvent> events);

    /// <summary>The events after the reader's token, waiting a while for one when there is none yet.</summary>
    Task<StreamPullResult> Pull(StreamPull pull);
}
