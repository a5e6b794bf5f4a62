using Beach.Actors.Runtime.Streams;
using Beach.Actors.Runtime.Tests.Grains;
using Beach.Actors.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Runtime.Tests.Streams;

public sealed class GrainStreamTests
{
    private static Task<TestSilo> StartAsync(StreamReceipts receipts)
        => TestSilo.StartAsync(configureServices: services => services.AddSingleton(receipts));

    [Fact]
    public async Task A_grain_producer_reaches_a_grain_consumer_whose_deliveries_are_turns()
    {
        var receipts = new StreamReceipts();
        await using var silo = await StartAsync(receipts);
        var consumer = silo.Grains.GetGrain<IStreamConsumerGrain>("c-1");
        await consumer.Subscribe("g-1");
        var producer = silo.Grains.GetGrain<IStreamProducerGrain>("p-1");

        // Requests to the consumer race its deliveries; a turn is a turn, so they never overlap.
        var touches = Task.WhenAll(Enumerable.Range(0, 50).Select(_ => consumer.Touch()));
        for (var i = 1; i <= 50; i++)
        {
            (await producer.Publish("g-1", i)).ShouldBe(i);
        }

        await touches;
        await receipts.Observer.WaitForCountAsync(50);
        receipts.Observer.Items.ShouldBe(Enumerable.Range(1, 50));
        silo.Probe.MaxInside.ShouldBe(1);
    }

    [Fact]
    public async Task A_grain_subscription_ends_when_its_activation_deactivates()
    {
        var receipts = new StreamReceipts();
        await using var silo = await StartAsync(receipts);
        var consumer = silo.Grains.GetGrain<IStreamConsumerGrain>("c-2");
        await consumer.Subscribe("g-2");
        var producer = silo.Grains.GetGrain<IStreamProducerGrain>("p-2");
        await producer.Publish("g-2", 1);
        await receipts.Observer.WaitForCountAsync(1);

        await consumer.Deactivate();
        await silo.Probe.Deactivated.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await producer.Publish("g-2", 2);

        var state = silo.Services.GetRequiredService<LocalStreamHub>().GetOrCreate<int>(new StreamId("test", "g-2"));
        state.SubscriptionCount.ShouldBe(0);
        receipts.Observer.Items.ShouldBe([1]);
    }

    [Fact]
    public async Task A_grain_that_unsubscribes_receives_nothing_more_and_stays_active()
    {
        var receipts = new StreamReceipts();
        await using var silo = await StartAsync(receipts);
        var consumer = silo.Grains.GetGrain<IStreamConsumerGrain>("c-4");
        var producer = silo.Grains.GetGrain<IStreamProducerGrain>("p-4");
        await consumer.Subscribe("g-4");
        await producer.Publish("g-4", 1);
        await receipts.Observer.WaitForCountAsync(1);

        await consumer.Unsubscribe();
        await producer.Publish("g-4", 2);
        await consumer.Subscribe("g-4");
        await producer.Publish("g-4", 3);
        await receipts.Observer.WaitForCountAsync(2);

        receipts.Observer.Items.ShouldBe([1, 3]);
        silo.Services.GetRequiredService<LocalStreamHub>().GetOrCreate<int>(new StreamId("test", "g-4")).SubscriptionCount.ShouldBe(1);
        silo.Probe.Deactivations.ShouldBe(0);
    }

    [Fact]
    public async Task A_client_subscribes_through_dependency_injection_to_what_a_grain_publishes()
    {
        await using var silo = await StartAsync(new StreamReceipts());
        var observer = new RecordingObserver<int>();
        var streams = silo.Services.GetRequiredService<IStreamProvider>();
        await using var subscription = await streams.GetStream<int>(new StreamId("test", "g-3")).SubscribeAsync(observer);

        var producer = silo.Grains.GetGrain<IStreamProducerGrain>("p-3");
        await producer.Publish("g-3", 7);
        await producer.Publish("g-3", 8);
        await observer.WaitForCountAsync(2);

        observer.Items.ShouldBe([7, 8]);
    }
}
