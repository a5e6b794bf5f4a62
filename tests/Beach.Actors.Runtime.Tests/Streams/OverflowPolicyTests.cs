using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Tests.Streams;

/// <summary>
/// Each policy's stated behaviour when a subscriber's queue is full. The subscriber holds its first event at a gate,
/// so the events published meanwhile fill its queue deterministically.
/// </summary>
public sealed class OverflowPolicyTests
{
    private static StreamSubscriptionOptions Policy(OverflowPolicy policy, int capacity = 4)
        => new() { OverflowPolicy = policy, QueueCapacity = capacity };

    [Fact]
    public async Task DropOldest_keeps_the_newest_events_and_reports_the_dropped_count_as_a_gap()
    {
        using var hub = StreamHubs.Create();
        var stream = hub.GetStream<int>(StreamHubs.Id);
        var observer = new RecordingObserver<int>().HoldFirst();
        await using var subscription = await stream.SubscribeAsync(observer, Policy(OverflowPolicy.DropOldest));
        var first = await stream.OnNextAsync(1);
        await observer.FirstDelivery.Task;

        await StreamHubs.PublishAsync(stream, 2, 10);
        observer.Release();
        await observer.WaitForCountAsync(5);

        // 1 was being delivered; the queue of 4 kept 7–10, and 2–6 were dropped.
        observer.Items.ShouldBe([1, 7, 8, 9, 10]);
        var gap = observer.Gaps.ShouldHaveSingleItem();
        gap.Reason.ShouldBe(StreamGapReason.Overflow);
        gap.Missed.ShouldBe(5);
        gap.After.ShouldBe(first);
        observer.Timeline[1].ShouldBe(gap);
        subscription.DroppedCount.ShouldBe(5);
    }

    [Fact]
    public async Task LatestOnly_delivers_only_the_newest_event_after_a_slow_one()
    {
        using var hub = StreamHubs.Create();
        var stream = hub.GetStream<int>(StreamHubs.Id);
        var observer = new RecordingObserver<int>().HoldFirst();
        await using var subscription = await stream.SubscribeAsync(observer, Policy(OverflowPolicy.LatestOnly, capacity: 100));
        await stream.OnNextAsync(1);
        await observer.FirstDelivery.Task;

        await StreamHubs.PublishAsync(stream, 2, 10);
        observer.Release();
        await observer.WaitForCountAsync(2);
        await stream.OnNextAsync(11);
        await observer.WaitForCountAsync(3);

        observer.Items.ShouldBe([1, 10, 11]);
        observer.Gaps.ShouldHaveSingleItem().Missed.ShouldBe(8);
        subscription.DroppedCount.ShouldBe(8);
    }

    [Fact]
    public async Task Fail_ends_the_subscription_with_an_overflow_error_after_what_was_queued()
    {
        using var hub = StreamHubs.Create();
        var stream = hub.GetStream<int>(StreamHubs.Id);
        var observer = new RecordingObserver<int>().HoldFirst();
        var subscription = await stream.SubscribeAsync(observer, Policy(OverflowPolicy.Fail));
        await stream.OnNextAsync(1);
        await observer.FirstDelivery.Task;

        var tokens = await StreamHubs.PublishAsync(stream, 2, 10);
        observer.Release();

        var error = await Should.ThrowAsync<StreamQueueOverflowException>(() => subscription.Completion.WaitAsync(TimeSpan.FromSeconds(30)));
        observer.Items.ShouldBe([1, 2, 3, 4, 5]);
        observer.Error.ShouldBeOfType<StreamQueueOverflowException>().LastQueued.ShouldBe(tokens[3]);
        error.Capacity.ShouldBe(4);
        subscription.DroppedCount.ShouldBe(0);

        // Resubscribing after the last token loses nothing that is still retained.
        var again = new RecordingObserver<int>();
        await using var resumed = await stream.SubscribeAsync(again, new StreamSubscriptionOptions { ResumeAfter = error.LastQueued });
        await again.WaitForCountAsync(5);
        again.Items.ShouldBe([6, 7, 8, 9, 10]);
        again.Gaps.ShouldBeEmpty();
    }

    [Fact]
    public async Task Block_holds_the_producer_until_the_subscriber_makes_room()
    {
        using var hub = StreamHubs.Create();
        var stream = hub.GetStream<int>(StreamHubs.Id);
        var observer = new RecordingObserver<int>().HoldFirst();
        await using var subscription = await stream.SubscribeAsync(observer, Policy(OverflowPolicy.Block, capacity: 2));
        await stream.OnNextAsync(1);
        await observer.FirstDelivery.Task;

        await StreamHubs.PublishAsync(stream, 2, 3);
        var blocked = stream.OnNextAsync(4).AsTask();
        blocked.IsCompleted.ShouldBeFalse();
        stream.LastToken!.Value.Sequence.ShouldBe(3);

        observer.Release();
        (await blocked.WaitAsync(TimeSpan.FromSeconds(30))).Sequence.ShouldBe(4);
        await observer.WaitForCountAsync(4);
        observer.Items.ShouldBe([1, 2, 3, 4]);
        observer.Gaps.ShouldBeEmpty();
        subscription.DroppedCount.ShouldBe(0);
    }

    [Fact]
    public async Task Block_publish_that_is_cancelled_publishes_nothing()
    {
        using var hub = StreamHubs.Create();
        var stream = hub.GetStream<int>(StreamHubs.Id);
        var observer = new RecordingObserver<int>().HoldFirst();
        await using var subscription = await stream.SubscribeAsync(observer, Policy(OverflowPolicy.Block, capacity: 1));
        await stream.OnNextAsync(1);
        await observer.FirstDelivery.Task;
        await stream.OnNextAsync(2);

        using var cancel = new CancellationTokenSource();
        var blocked = stream.OnNextAsync(3, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => blocked);
        observer.Release();
        await observer.WaitForCountAsync(2);
        await stream.OnNextAsync(4);
        await observer.WaitForCountAsync(3);
        observer.Items.ShouldBe([1, 2, 4]);
        observer.Events.Select(e => e.Token.Sequence).ShouldBe([1L, 2L, 3L]);
    }

    [Fact]
    public async Task A_slow_subscriber_holds_at_most_its_capacity_of_slots()
    {
        using var hub = StreamHubs.Create();
        var stream = hub.GetStream<int>(StreamHubs.Id);
        var observer = new RecordingObserver<int>().HoldFirst();
        var subscription = (Runtime.Streams.StreamSubscription<int>)await stream.SubscribeAsync(observer, Policy(OverflowPolicy.DropOldest, capacity: 64));
        await stream.OnNextAsync(0);
        await observer.FirstDelivery.Task;

        await StreamHubs.PublishAsync(stream, 1, 10_000);

        subscription.QueuedCount.ShouldBe(64);
        subscription.AllocatedSlots.ShouldBe(64);
        subscription.DroppedCount.ShouldBe(10_000 - 64);
        observer.Release();
        await observer.WaitForCountAsync(65);
        observer.Items.Skip(1).ShouldBe(Enumerable.Range(10_001 - 64, 64));
        await subscription.DisposeAsync();
    }
}
