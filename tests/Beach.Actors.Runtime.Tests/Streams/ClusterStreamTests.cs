using Beach.Actors.Runtime.Streams.Cluster;
using Beach.Actors.Runtime.Tests.Cluster;
using Beach.Actors.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Runtime.Tests.Streams;

/// <summary>
/// Streams across the silos of an in-process cluster: a stream's home is the ring owner of its id; other silos forward
/// to it and mirror it by pulls. The stream ids are chosen so that the publisher and the subscriber are not the home.
/// </summary>
[Collection(TimingSensitiveCollection.NAME)]
public sealed class ClusterStreamTests
{
    [Fact]
    public async Task A_subscriber_on_another_silo_receives_in_order_what_a_silo_publishes_with_the_homes_tokens()
    {
        await using var cluster = new InProcessCluster();
        var (stream, home, publisher, subscriber) = await ThreeSilosAsync(cluster);
        var observer = new RecordingObserver<int>();
        await using var subscription = await subscriber.Streams.GetStream<int>(stream).SubscribeAsync(observer);

        for (var i = 1; i <= 50; i++)
        {
            (await publisher.Streams.GetStream<int>(stream).OnNextAsync(i)).ShouldBe(default, "a forwarded event gets its token at the home");
        }

        await observer.WaitForCountAsync(50);
        observer.Items.ShouldBe(Enumerable.Range(1, 50));
        observer.Gaps.ShouldBeEmpty();
        observer.Events.Select(e => e.Token.Epoch).Distinct().Count().ShouldBe(1, "one home, one epoch");
        observer.Events.Select(e => e.Token.Sequence).ShouldBe(Enumerable.Range(1, 50).Select(i => (long)i));
        home.Host.Services.GetRequiredService<StreamHome>().StreamCount.ShouldBe(1, "the home keeps the stream's retention");
    }

    [Fact]
    public async Task A_subscriber_on_another_silo_resumes_after_its_token_from_the_homes_retention()
    {
        await using var cluster = new InProcessCluster();
        var (stream, _, publisher, subscriber) = await ThreeSilosAsync(cluster);
        var first = new RecordingObserver<int>();
        await using (await subscriber.Streams.GetStream<int>(stream).SubscribeAsync(first))
        {
            for (var i = 1; i <= 10; i++)
            {
                await publisher.Streams.GetStream<int>(stream).OnNextAsync(i);
            }

            await first.WaitForCountAsync(10);
        }

        // A third silo, which never mirrored the stream, resumes after the fourth event: it gets the rest, no gap.
        var third = cluster.Members.Single(member => member.Address != subscriber.Address && member.Address != publisher.Address);
        var resumed = new RecordingObserver<int>();
        await using var subscription = await third.Streams.GetStream<int>(stream).SubscribeAsync(
            resumed, new StreamSubscriptionOptions { ResumeAfter = first.Events[3].Token });
        await resumed.WaitForCountAsync(6);
        resumed.Items.ShouldBe([5, 6, 7, 8, 9, 10]);
        resumed.Gaps.ShouldBeEmpty();

        var stale = new RecordingObserver<int>();
        await using var staleSubscription = await publisher.Streams.GetStream<int>(stream).SubscribeAsync(
            stale, new StreamSubscriptionOptions { ResumeAfter = new StreamSequenceToken(first.Events[0].Token.Epoch + 1, 3) });
        await stale.WaitForCountAsync(10);
        stale.Gaps.ShouldHaveSingleItem().Reason.ShouldBe(StreamGapReason.ResumeTokenUnknown);
    }

    [Fact]
    public async Task When_the_home_silo_dies_subscribers_elsewhere_are_told_a_gap_then_receive_the_new_homes_events()
    {
        await using var cluster = new InProcessCluster();
        var (stream, home, publisher, subscriber) = await ThreeSilosAsync(cluster);
        var observer = new RecordingObserver<int>();
        await using var subscription = await subscriber.Streams.GetStream<int>(stream).SubscribeAsync(observer);
        for (var i = 1; i <= 3; i++)
        {
            await publisher.Streams.GetStream<int>(stream).OnNextAsync(i);
        }

        await observer.WaitForCountAsync(3);
        await cluster.KillAsync(home);
        await publisher.Streams.GetStream<int>(stream).OnNextAsync(4);

        await observer.WaitForCountAsync(4);
        observer.Items.ShouldBe([1, 2, 3, 4]);
        var gap = observer.Gaps.ShouldHaveSingleItem();
        gap.Reason.ShouldBe(StreamGapReason.ResumeTokenUnknown);
        gap.After.ShouldBe(observer.Events[2].Token);
        observer.Timeline.ToList().IndexOf(gap).ShouldBe(3, "the gap comes after the old home's events and before the new one's");
        observer.Events[3].Token.Epoch.ShouldNotBe(observer.Events[2].Token.Epoch, "the new home started a new epoch");
    }

    [Fact]
    public async Task Events_lost_on_their_way_to_a_dead_home_are_told_to_subscribers_as_a_gap()
    {
        await using var cluster = new InProcessCluster();
        var (stream, home, publisher, subscriber) = await ThreeSilosAsync(cluster);
        var observer = new RecordingObserver<int>();
        await using var subscription = await subscriber.Streams.GetStream<int>(stream).SubscribeAsync(observer);
        await publisher.Streams.GetStream<int>(stream).OnNextAsync(1);
        await observer.WaitForCountAsync(1);

        // The publisher has not heard of the death: it forwards to the dead home, and the send fails.
        await cluster.KillAsync(home, publisher);
        await publisher.Streams.GetStream<int>(stream).OnNextAsync(2);
        var forwarder = publisher.Host.Services.GetRequiredService<StreamForwarder>();
        await Eventually(() => forwarder.UnreportedLosses == 1);

        cluster.PublishViewTo(publisher);
        await publisher.Streams.GetStream<int>(stream).OnNextAsync(3);
        await observer.WaitUntilAsync(o => o.Items.Contains(3));
        observer.Items.ShouldBe([1, 3]);
        observer.Gaps.ShouldContain(gap => gap.Reason == StreamGapReason.Overflow && gap.Missed == 1, "the lost event is told, not silent");
    }

    [Fact]
    public async Task A_forward_queue_refuses_events_past_its_capacity_instead_of_waiting_for_a_slow_home()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var queue = new ForwardQueue(new Actors.Cluster.SiloAddress("127.0.0.1", 1, 1), capacity: 2, maxBatch: 1, async (_, batch) =>
        {
            sent.Enqueue(batch.Length);
            await release.Task;
        });

        queue.TryEnqueue(Event(1)).ShouldBeTrue();
        await Eventually(() => !sent.IsEmpty);
        queue.TryEnqueue(Event(2)).ShouldBeTrue();
        queue.TryEnqueue(Event(3)).ShouldBeTrue();
        queue.TryEnqueue(Event(4)).ShouldBeFalse("the queue holds two while the home is slow; the third is refused at once");
        queue.Count.ShouldBe(2);

        release.SetResult();
        await Eventually(() => sent.Count == 3 && queue.Count == 0);
    }

    private static ForwardedEvent Event(int item) => new("test", "q", new StreamPayload(System.Text.Encoding.UTF8.GetBytes(item.ToString(System.Globalization.CultureInfo.InvariantCulture))), 0);

    /// <summary>Three silos and a stream homed on the first; the other two publish and subscribe.</summary>
    private static async Task<(StreamId Stream, InProcessCluster.Member Home, InProcessCluster.Member Publisher, InProcessCluster.Member Subscriber)> ThreeSilosAsync(
        InProcessCluster cluster)
    {
        var silos = new[] { await cluster.AddSiloAsync(), await cluster.AddSiloAsync(), await cluster.AddSiloAsync() };
        var locator = silos[0].Host.Services.GetRequiredService<IStreamHomeLocator>();
        var stream = Enumerable.Range(0, 1_000).Select(i => new StreamId("test", $"s-{i}")).First(id => locator.HomeOf(id) == silos[0].Address);
        return (stream, silos[0], silos[1], silos[2]);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the condition did not hold in time");
            await Task.Delay(10);
        }
    }
}
