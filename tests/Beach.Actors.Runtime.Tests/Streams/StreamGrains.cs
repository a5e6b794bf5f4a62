using Beach.Actors.Runtime.Tests.Grains;
using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Tests.Streams;

public interface IStreamProducerGrain : IGrainWithStringKey
{
    /// <summary>Publishes <paramref name="value"/> to stream test/<paramref name="streamKey"/>; returns its sequence.</summary>
    Task<long> Publish(string streamKey, int value);
}

public interface IStreamConsumerGrain : IGrainWithStringKey
{
    Task Subscribe(string streamKey);

    Task Unsubscribe();

    /// <summary>A request that overlaps nothing only if deliveries are turns too.</summary>
    Task Touch();

    Task Deactivate();
}

/// <summary>Where the consumer grains report what they received, so a test can await it.</summary>
public sealed class StreamReceipts
{
    internal RecordingObserver<int> Observer { get; } = new();
}

public sealed class StreamProducerGrain : Grain, IStreamProducerGrain
{
    public async Task<long> Publish(string streamKey, int value)
        => (await GetStreamProvider().GetStream<int>(new StreamId("test", streamKey)).OnNextAsync(value)).Sequence;
}

public sealed class StreamConsumerGrain(Probe probe, StreamReceipts receipts) : Grain, IStreamConsumerGrain
{
    private IStreamSubscriptionHandle? _subscription;

    public async Task Subscribe(string streamKey)
        => _subscription = await GetStreamProvider().GetStream<int>(new StreamId("test", streamKey)).SubscribeAsync(OnNextAsync);

    public Task Unsubscribe() => _subscription?.UnsubscribeAsync() ?? Task.CompletedTask;

    public async Task Touch()
    {
        probe.Enter();
        try
        {
            await Task.Yield();
        }
        finally
        {
            probe.Leave();
        }
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.OnDeactivated(reason);
        return Task.CompletedTask;
    }

    private async Task OnNextAsync(int item, StreamSequenceToken token)
    {
        probe.Enter();
        try
        {
            await Task.Yield();
            await receipts.Observer.OnNextAsync(item, token);
        }
        finally
        {
            probe.Leave();
        }
    }
}
