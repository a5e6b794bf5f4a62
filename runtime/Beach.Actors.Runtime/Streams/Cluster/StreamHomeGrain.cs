using System.Collections.Immutable;
using Beach.Actors.Runtime.Cluster;

namespace Beach.Actors.Runtime.Streams.Cluster;

/// <summary>A silo's <see cref="IStreamHomeGrain"/>. Reentrant: pulls wait side by side; the state is thread-safe.</summary>
[Reentrant]
[GrainType(TYPE)]
internal sealed class StreamHomeGrain(StreamHome home) : Grain, IStreamHomeGrain
{
    public const string TYPE = SystemTargets.PREFIX + "stream-home";

    public Task<ImmutableArray<int>> Publish(ImmutableArray<ForwardedEvent> events) => Task.FromResult(home.Publish(events));

    public Task<StreamPullResult> Pull(StreamPull pull) => home.PullAsync(pull);
}
