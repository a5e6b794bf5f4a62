using System.Text;
using System.Text.Json;
using Beach.Actors.Runtime.Streams;
using Beach.Actors.Runtime.Streams.Cluster;
using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Tests.Streams;

/// <summary>
/// The retention ring against a model: whatever the sizes of its events and however often its byte array wraps, it
/// holds the newest events in order, within both bounds, and reads them back as they were published.
/// </summary>
public sealed class RetentionRingTests
{
    public sealed record Item(int Number, string Text);

    /// <summary>A type whose JSON does not read back: it has no constructor the serializer can call.</summary>
    public sealed class Unreadable
    {
        private Unreadable(int number, bool tag) => (Number, Tagged) = (number, tag);

        public int Number { get; }

        public bool Tagged { get; }

        public static Unreadable Of(int number) => new(number, true);
    }

    [Theory]
    [InlineData(1, 64, 2_048)]
    [InlineData(2, 1_024, 4_096)]
    [InlineData(3, 10, 1 << 20)]
    [InlineData(4, 1_000, 300)]
    public void It_holds_the_newest_events_in_order_within_both_bounds(int seed, int capacity, int maxBytes)
    {
        var random = new Random(seed);
        var ring = new RetentionRing<Item>(capacity, maxBytes);
        var published = new List<Item>();
        var longest = 0;
        for (var sequence = 1; sequence <= 5_000; sequence++)
        {
            var item = new Item(sequence, new string((char)('a' + sequence % 26), random.Next(0, 120)));
            longest = Math.Max(longest, JsonLength(item));
            published.Add(item);
            ring.Add(new StreamEvent<Item>(new StreamSequenceToken(1, sequence), item));

            var held = Enumerable.Range(0, ring.Count).Select(i => ring[i]).ToList();
            held.Count.ShouldBeLessThanOrEqualTo(capacity);
            held.Sum(e => JsonLength(e.Item)).ShouldBeLessThanOrEqualTo(maxBytes);
            held.Select(e => e.Token.Sequence).ShouldBe(Enumerable.Range(sequence - held.Count + 1, held.Count).Select(s => (long)s), $"after {sequence}");
            held.Select(e => e.Item).ShouldBe(published.Skip(sequence - held.Count));
            if (held.Count > 0)
            {
                ring.FirstSequence.ShouldBe(held[0].Token.Sequence);
            }

            // Nothing is given up that the bounds did not demand: short of the count, at most two events' worth of
            // bytes (the one that wrapped and the end of the array it left unused) lies unused.
            if (held.Count < capacity && sequence > capacity)
            {
                var next = published[sequence - held.Count - 1];
                (held.Sum(e => JsonLength(e.Item)) + JsonLength(next) + 2 * longest).ShouldBeGreaterThan(maxBytes, $"after {sequence}");
            }
        }

        ring.KeepsObjects.ShouldBeFalse();
        ring.AllocatedBytes.ShouldBeLessThanOrEqualTo(maxBytes);
    }

    [Fact]
    public void An_event_larger_than_the_byte_bound_is_not_retained_and_nothing_older_stays_in_front_of_it()
    {
        var ring = new RetentionRing<Item>(100, 200);
        ring.Add(new StreamEvent<Item>(new StreamSequenceToken(1, 1), new Item(1, "small")));
        ring.Add(new StreamEvent<Item>(new StreamSequenceToken(1, 2), new Item(2, new string('x', 500))));

        ring.Count.ShouldBe(0);
        ring.Add(new StreamEvent<Item>(new StreamSequenceToken(1, 3), new Item(3, "after")));
        ring.Count.ShouldBe(1);
        ring.FirstSequence.ShouldBe(3);
    }

    [Fact]
    public void A_replayed_event_is_a_copy_equal_to_the_one_published()
    {
        var ring = new RetentionRing<Item>(4, 1_024);
        var item = new Item(1, "é and \"quotes\"");
        ring.Add(new StreamEvent<Item>(new StreamSequenceToken(7, 1), item));

        var replayed = ring[0];
        replayed.Token.ShouldBe(new StreamSequenceToken(7, 1));
        replayed.Item.ShouldBe(item);
        ReferenceEquals(replayed.Item, item).ShouldBeFalse();
    }

    [Fact]
    public void A_type_whose_json_does_not_read_back_is_kept_as_objects()
    {
        var ring = new RetentionRing<Unreadable>(2, 1_024);
        var items = Enumerable.Range(1, 3).Select(Unreadable.Of).ToArray();
        for (var i = 0; i < items.Length; i++)
        {
            ring.Add(new StreamEvent<Unreadable>(new StreamSequenceToken(1, i + 1), items[i]));
        }

        ring.KeepsObjects.ShouldBeTrue();
        ring.Count.ShouldBe(2);
        ring[0].Item.ShouldBeSameAs(items[1]);
        ring[1].Item.ShouldBeSameAs(items[2]);
        ring.FirstSequence.ShouldBe(2);
    }

    [Fact]
    public void A_home_keeps_a_forwarded_payload_as_its_own_bytes_and_a_loss_marker_as_json()
    {
        var ring = new RetentionRing<StreamPayload>(4, 800);
        var json = Encoding.UTF8.GetBytes(new string('j', 600));
        ring.Add(new StreamEvent<StreamPayload>(new StreamSequenceToken(1, 1), new StreamPayload(json)));
        ring.Add(new StreamEvent<StreamPayload>(new StreamSequenceToken(1, 2), StreamPayload.Loss(3)));

        // 600 bytes as they are fit the 800-byte bound beside the marker; as base64 in JSON (over 800) they would not fit at all.
        ring.Count.ShouldBe(2);
        ring[0].Item.Utf8.ShouldBe(json);
        ring[1].Item.IsLoss.ShouldBeTrue();
        ring[1].Item.Dropped.ShouldBe(3);
        ring.KeepsObjects.ShouldBeFalse();
    }

    [Fact]
    public void Clearing_forgets_every_event_and_the_ring_fills_again()
    {
        var ring = new RetentionRing<Item>(8, 256);
        for (var i = 1; i <= 20; i++)
        {
            ring.Add(new StreamEvent<Item>(new StreamSequenceToken(1, i), new Item(i, "text")));
        }

        ring.Clear();
        ring.Count.ShouldBe(0);
        ring.Add(new StreamEvent<Item>(new StreamSequenceToken(2, 1), new Item(1, "again")));
        ring[0].Item.ShouldBe(new Item(1, "again"));
        Should.Throw<ArgumentOutOfRangeException>(() => ring[1]);
    }

    private static int JsonLength(Item item) => Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(item, WireOptions));

    private static JsonSerializerOptions WireOptions => Beach.Actors.Runtime.Messaging.Wire.WireSerialization.Options;
}
