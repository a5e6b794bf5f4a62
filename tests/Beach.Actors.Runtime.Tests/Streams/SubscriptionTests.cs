using Beach.Actors.Streams;
using Beach.Actors.Testing;

namespace Beach.Actors.Runtime.Tests.Streams;

public sealed class SubscriptionTests
{
    [Fact]
    public async Task An_unsubscribed_observer_receives_nothing_more()
    {
        using var hub = StreamHubs.Create();
        var stream = hub.GetStream<int>(StreamHubs.Id);
        var observer = new RecordingObserver<int>();
        var subscription = await stream.SubscribeAsync(observer);
        await StreamHubs.PublishAsync(stream, 1, 3);
        await observer.WaitForCountAsync(3);

        await subscription.UnsubscribeAsync();
        await subscription.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        await StreamHubs.PublishAsync(stream, 4, 6);

        // A later subscriber sees 4–6 arrive, so they were published and delivered to whoever was subscribed.
        var later = new RecordingObserver<int>();
        await using var next = await stream.SubscribeAsync(later, new StreamSubscriptionOptions { ResumeAfter = observer.Events[^1].Token });
        await later.WaitForCountAsync(3);
        observer.Items.ShouldBe([1, 2, 3]);
        later.Items.ShouldBe([4, 5, 6]);
        ((Runtime.Streams.StreamSubscription<int>)next).StreamId.ShouldBe(StreamHubs.Id);
    }

    [Fact]
    public async Task A_subscription_may_end_itself_from_inside_its_observer()
    {
        using var hub = StreamHubs.Create();
        var stream = hub.GetStream<int>(StreamHubs.Id);
        var seen = new List<int>();
        IStreamSubscriptionHandle? self = null;
        var subscribed = new TaskCompletionSource<IStreamSubscriptionHandle>();
        self = await stream.SubscribeAsync(async (item, _) =>
        {
            seen.Add(item);
            if (item == 2)
            {
                await (await subscribed.Task).UnsubscribeAsync();
            }
        });
        subscribed.SetResult(self);

        await StreamHubs.PublishAsync(stream, 1, 5);
        await self.Completion.WaitAsync(TimeSpan.FromSeconds(30));

        seen.ShouldBe([1, 2]);
    }

    [Fact]
    public async Task A_thousand_subscribers_each_get_every_event_once()
    {
        using var hub = StreamHubs.Create();
        var stream = hub.GetStream<int>(StreamHubs.Id);
        var observers = Enumerable.Range(0, 1_000).Select(_ => new RecordingObserver<int>()).ToList();
        var subscriptions = new List<IStreamSubscriptionHandle>();
        foreach (var observer in observers)
        {
            subscriptions.Add(await stream.SubscribeAsync(observer));
        }

        await StreamHubs.PublishAsync(stream, 1, 200);
        await Task.WhenAll(observers.Select(o => o.WaitForCountAsync(200)));

        observers.ShouldAllBe(o => o.Items.SequenceEqual(Enumerable.Range(1, 200)) && o.Gaps.Count == 0);
        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_observer_that_throws_ends_its_subscription_with_the_error()
    {
        using var hub = StreamHubs.Create();
        var stream = hub.GetStream<int>(StreamHubs.Id);
        var subscription = await stream.SubscribeAsync((item, _) => item == 2 ? throw new InvalidOperationException("boom") : Task.CompletedTask);

        await StreamHubs.PublishAsync(stream, 1, 3);

        (await Should.ThrowAsync<InvalidOperationException>(() => subscription.Completion.WaitAsync(TimeSpan.FromSeconds(30)))).Message.ShouldBe("boom");
        subscription.DeliveredCount.ShouldBeLessThan(2);
    }

    [Fact]
    public async Task A_stream_has_one_item_type()
    {
        using var hub = StreamHubs.Create();
        await hub.GetStream<int>(StreamHubs.Id).OnNextAsync(1);

        Should.Throw<InvalidOperationException>(() => hub.GetStream<string>(StreamHubs.Id).OnNextAsync("x"));
    }

    [Fact]
    public async Task A_stream_refuses_subscriptions_past_its_bound()
    {
        using var hub = StreamHubs.Create(configure: options => options.MaxSubscriptionsPerStream = 2);
        var stream = hub.GetStream<int>(StreamHubs.Id);
        await using var one = await stream.SubscribeAsync(new RecordingObserver<int>());
        await using var two = await stream.SubscribeAsync(new RecordingObserver<int>());

        await Should.ThrowAsync<OverloadedException>(() => stream.SubscribeAsync(new RecordingObserver<int>()));
    }

    [Fact]
    public async Task An_idle_stream_is_dropped_after_the_idle_age_and_comes_back_in_a_new_epoch()
    {
        var clock = new ManualTimeProvider();
        using var hub = StreamHubs.Create(clock);
        var stream = hub.GetStream<int>(StreamHubs.Id);
        var before = await stream.OnNextAsync(1);
        hub.StreamCount.ShouldBe(1);

        clock.Advance(TimeSpan.FromMinutes(Runtime.Streams.StreamOptions.DEFAULT_IDLE_STREAM_AGE_MINUTES) + TimeSpan.FromSeconds(Runtime.Streams.StreamOptions.DEFAULT_IDLE_SWEEP_PERIOD_SECONDS));
        hub.StreamCount.ShouldBe(0);

        // The reference kept across the drop still works; its tokens start over in a new epoch, and the old token is
        // recognised as unknown rather than read as a position in the new life.
        var after = await stream.OnNextAsync(2);
        after.Sequence.ShouldBe(1);
        after.Epoch.ShouldNotBe(before.Epoch);
        var observer = new RecordingObserver<int>();
        await using var subscription = await stream.SubscribeAsync(observer, new StreamSubscriptionOptions { ResumeAfter = before });
        await observer.WaitForCountAsync(1);
        observer.Gaps.ShouldHaveSingleItem().Reason.ShouldBe(StreamGapReason.ResumeTokenUnknown);
        observer.Items.ShouldBe([2]);
    }

    [Fact]
    public async Task A_stream_with_a_subscriber_is_never_dropped_as_idle()
    {
        var clock = new ManualTimeProvider();
        using var hub = StreamHubs.Create(clock);
        await using var subscription = await hub.GetStream<int>(StreamHubs.Id).SubscribeAsync(new RecordingObserver<int>());

        clock.Advance(TimeSpan.FromHours(2));

        hub.StreamCount.ShouldBe(1);
    }
}
