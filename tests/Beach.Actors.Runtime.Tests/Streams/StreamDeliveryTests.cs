using Beach.Actors.Streams;
using Beach.Actors.Testing;

namespace Beach.Actors.Runtime.Tests.Streams;

public sealed class StreamDeliveryTests
{
    [Fact]
    public async Task Subscriber_gets_every_event_in_order_with_strictly_increasing_tokens()
    {
        using var hub = StreamHubs.Create();
        var stream = hub.GetStream<int>(StreamHubs.Id);
        var observer = new RecordingObserver<int>();
        await using var subscription = await stream.SubscribeAsync(observer);

        var published = await StreamHubs.PublishAsync(stream, 1, 100);
        await observer.WaitForCountAsync(100);

        observer.Items.ShouldBe(Enumerable.Range(1, 100));
        observer.Events.Select(e => e.Token).ShouldBe(published);
        published.Select(t => t.Sequence).ShouldBe(Enumerable.Range(1, 100).Select(i => (long)i));
        published.ShouldAllBe(t => t.Epoch == published[0].Epoch);
        observer.Gaps.ShouldBeEmpty();
        subscription.DeliveredCount.ShouldBe(100);
        subscription.LastDeliveredToken.ShouldBe(published[^1]);
    }

    [Fact]
    public async Task Concurrent_producers_get_distinct_tokens_and_every_subscriber_sees_one_order()
    {
        using var hub = StreamHubs.Create();
        var stream = hub.GetStream<int>(StreamHubs.Id);
        var first = new RecordingObserver<int>();
        var second = new RecordingObserver<int>();
        await using var one = await stream.SubscribeAsync(first);
        await using var two = await stream.SubscribeAsync(second);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(p => Task.Run(() => StreamHubs.PublishAsync(stream, p * 1_000 + 1, p * 1_000 + 250))));
        await first.WaitForCountAsync(1_000);
        await second.WaitForCountAsync(1_000);

        first.Events.Select(e => e.Token.Sequence).ShouldBe(Enumerable.Range(1, 1_000).Select(i => (long)i));
        second.Events.ShouldBe(first.Events);
        first.Items.Order().ShouldBe(Enumerable.Range(0, 4).SelectMany(p => Enumerable.Range(p * 1_000 + 1, 250)));
    }

    [Fact]
    public async Task Subscriber_without_a_token_gets_only_live_events()
    {
        using var hub = StreamHubs.Create();
        var stream = hub.GetStream<int>(StreamHubs.Id);
        await StreamHubs.PublishAsync(stream, 1, 5);
        var observer = new RecordingObserver<int>();
        await using var subscription = await stream.SubscribeAsync(observer);

        await StreamHubs.PublishAsync(stream, 6, 8);
        await observer.WaitForCountAsync(3);

        observer.Items.ShouldBe([6, 7, 8]);
        observer.Gaps.ShouldBeEmpty();
    }

    [Fact]
    public async Task Subscriber_resuming_after_token_gets_every_retained_event_once()
    {
        using var hub = StreamHubs.Create();
        var stream = hub.GetStream<int>(StreamHubs.Id);
        var tokens = await StreamHubs.PublishAsync(stream, 1, 200);

        // Live events keep coming while the subscriber resumes: the seam between replay and live has no hole or repeat.
        var observer = new RecordingObserver<int>();
        var producer = Task.Run(() => StreamHubs.PublishAsync(stream, 201, 400));
        await using var subscription = await stream.SubscribeAsync(observer, new StreamSubscriptionOptions { ResumeAfter = tokens[49] });
        await producer;
        await observer.WaitForCountAsync(350);

        observer.Items.ShouldBe(Enumerable.Range(51, 350));
        observer.Events.Select(e => e.Token.Sequence).ShouldBe(Enumerable.Range(51, 350).Select(i => (long)i));
        observer.Gaps.ShouldBeEmpty();
    }

    [Fact]
    public async Task Resuming_with_a_token_older_than_retention_reports_the_gap_then_replays_what_is_retained()
    {
        using var hub = StreamHubs.Create(configure: options => options.RetainedEventsPerStream = 5);
        var stream = hub.GetStream<int>(StreamHubs.Id);
        var tokens = await StreamHubs.PublishAsync(stream, 1, 10);

        var observer = new RecordingObserver<int>();
        await using var subscription = await stream.SubscribeAsync(observer, new StreamSubscriptionOptions { ResumeAfter = tokens[1] });
        await observer.WaitForCountAsync(5);

        // Token 2 was kept; 3, 4 and 5 fell out of the ring of 5 (which holds 6–10).
        var gap = observer.Gaps.ShouldHaveSingleItem();
        gap.Reason.ShouldBe(StreamGapReason.ResumeTokenExpired);
        gap.After.ShouldBe(tokens[1]);
        gap.Missed.ShouldBe(3);
        observer.Timeline[0].ShouldBe(gap);
        observer.Items.ShouldBe([6, 7, 8, 9, 10]);
    }

    [Fact]
    public async Task Resuming_with_a_token_of_another_epoch_reports_an_unknown_gap_and_replays_everything_retained()
    {
        using var hub = StreamHubs.Create();
        var stream = hub.GetStream<int>(StreamHubs.Id);
        var tokens = await StreamHubs.PublishAsync(stream, 1, 3);
        var foreign = new StreamSequenceToken(tokens[0].Epoch + 1, 2);

        var observer = new RecordingObserver<int>();
        await using var subscription = await stream.SubscribeAsync(observer, new StreamSubscriptionOptions { ResumeAfter = foreign });
        await observer.WaitForCountAsync(3);

        var gap = observer.Gaps.ShouldHaveSingleItem();
        gap.Reason.ShouldBe(StreamGapReason.ResumeTokenUnknown);
        gap.Missed.ShouldBeNull();
        observer.Items.ShouldBe([1, 2, 3]);
    }

    [Fact]
    public async Task Retention_keeps_only_the_newest_events()
    {
        using var hub = StreamHubs.Create();
        var stream = hub.GetStream<int>(StreamHubs.Id);
        await StreamHubs.PublishAsync(stream, 1, 3_000);

        var observer = new RecordingObserver<int>();
        await using var subscription = await stream.SubscribeAsync(observer, new StreamSubscriptionOptions { ReplayRetained = true });
        await observer.WaitForCountAsync(StreamOptionsDefaults.Retained);

        observer.Items.ShouldBe(Enumerable.Range(3_001 - StreamOptionsDefaults.Retained, StreamOptionsDefaults.Retained));
        observer.Gaps.ShouldBeEmpty();
        stream.LastToken!.Value.Sequence.ShouldBe(3_000);
    }

    [Fact]
    public async Task Token_text_form_round_trips()
    {
        using var hub = StreamHubs.Create();
        var token = await hub.GetStream<int>(StreamHubs.Id).OnNextAsync(1);

        StreamSequenceToken.TryParse(token.ToString(), out var parsed).ShouldBeTrue();
        parsed.ShouldBe(token);
        StreamSequenceToken.TryParse("12", out _).ShouldBeFalse();
        StreamSequenceToken.TryParse("a-1", out _).ShouldBeFalse();
        StreamSequenceToken.TryParse("-1-2", out _).ShouldBeFalse();
    }

    private static class StreamOptionsDefaults
    {
        public const int Retained = Runtime.Streams.StreamOptions.DEFAULT_RETAINED_EVENTS_PER_STREAM;
    }
}
