using System.Text.Json;
using Beach.Actors.Runtime.Messaging.Wire;
using Beach.Actors.Runtime.Streams.Cluster;
using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Streams;

/// <summary>
/// The newest events of one stream, oldest out first once <see cref="Capacity"/> events or <see cref="MaxBytes"/>
/// bytes are held. Not thread-safe: the stream's gate guards it.
/// </summary>
/// <remarks>
/// Events are kept as their wire JSON in one byte array per stream, not as objects. A retained event lives for a
/// thousand publishes, long enough to survive a young-generation collection but not long enough to be old: kept as
/// objects, every one of them was copied into the older generation and collected there, which made each gen0 pause
/// 8–23 ms (measured with bench/ lease-churn, 16 clients). Bytes in an array that is already old cost the collector
/// nothing. A replay (a resume, a late subscriber) reads a fresh copy of each event back. An item type whose JSON does
/// not read back is kept as objects instead, found out on the ring's first event. Both arrays grow by doubling up to
/// their bound, so a quiet stream costs little.
/// </remarks>
internal sealed class RetentionRing<T>(int capacity, int maxBytes)
{
    private const int INITIAL_SLOTS = 16;
    private const int INITIAL_BYTES = 1_024;

    private Slot[] _slots = [];
    private int _start;
    private int _count;

    // Bytes mode: each slot's JSON lies at its Offset in _bytes, slots oldest to newest in circular order ending at _head.
    private byte[] _bytes = [];
    private int _head;
    private long _liveBytes;

    // Objects mode (an item type whose JSON does not read back): the events themselves, slot for slot.
    private StreamEvent<T>[]? _objects;
    private bool _checked;

    public int Capacity { get; } = capacity;

    public int MaxBytes { get; } = maxBytes;

    public int Count => _count;

    /// <summary>The sequence of the oldest retained event; meaningful only when <see cref="Count"/> is above zero.</summary>
    public long FirstSequence => _slots[_start].Token.Sequence;

    /// <summary>Whether events are kept as objects because their type's JSON does not read back.</summary>
    internal bool KeepsObjects => _objects is not null;

    /// <summary>The length of the ring's byte array now, used or not.</summary>
    internal int AllocatedBytes => _bytes.Length;

    public void Add(in StreamEvent<T> item)
    {
        if (Capacity == 0)
        {
            return;
        }

        if (_objects is null && TryAddBytes(item))
        {
            return;
        }

        MakeRoomForSlot();
        var index = (_start + _count) % _slots.Length;
        _slots[index] = new Slot(item.Token, 0, 0, Raw: false);
        _objects![index] = item;
        _count++;
    }

    /// <summary>Forgets every retained event, keeping the arrays: a mirrored stream restarts after a hole or a new epoch.</summary>
    public void Clear()
    {
        if (_objects is not null)
        {
            Array.Clear(_objects);
        }

        _start = 0;
        _count = 0;
        _head = 0;
        _liveBytes = 0;
    }

    /// <summary>A copy of the retained event at <paramref name="index"/>, 0 being the oldest.</summary>
    public StreamEvent<T> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
            var at = (_start + index) % _slots.Length;
            if (_objects is not null)
            {
                return _objects[at];
            }

            return Read(_slots[at]);
        }
    }

    private StreamEvent<T> Read(in Slot slot)
    {
        var bytes = _bytes.AsSpan(slot.Offset, slot.Length);
        return new StreamEvent<T>(slot.Token, slot.Raw ? (T)(object)new StreamPayload(bytes.ToArray()) : Decode(bytes));
    }

    private static T Decode(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<T>(json, WireSerialization.Options)!;

    /// <summary>
    /// Retains the item's JSON, or answers false when this type's JSON does not read back (the ring then keeps objects
    /// from now on). The first event of a ring is read back once to find out.
    /// </summary>
    private bool TryAddBytes(in StreamEvent<T> item)
    {
        if (item.Item is StreamPayload { Utf8: { Length: > 0 } utf8, Dropped: 0, Json: null })
        {
            // A stream home's forwarded event is JSON bytes already: kept as they are, not as base64 in more JSON.
            AddBytes(item.Token, utf8, raw: true);
            return true;
        }

        var scratch = PayloadWriter.Rent().Start();
        try
        {
            if (!TryEncode(scratch, item.Item))
            {
                KeepObjects();
                return false;
            }

            AddBytes(item.Token, scratch.Written, raw: false);
            return true;
        }
        finally
        {
            scratch.Return();
        }
    }

    /// <summary>
    /// Writes the item's JSON into <paramref name="scratch"/>; false when the type's JSON does not serialize or, on the
    /// ring's first event, does not read back. Only the serializer's own refusals count: a fault of the ring is not
    /// taken for one.
    /// </summary>
    private bool TryEncode(PayloadWriter scratch, T item)
    {
        try
        {
            JsonSerializer.Serialize(scratch.Json, item, WireSerialization.Options);
            if (!_checked)
            {
                Decode(scratch.Written);
                _checked = true;
            }

            return true;
        }
        catch (Exception exception) when (exception is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    private void AddBytes(StreamSequenceToken token, ReadOnlySpan<byte> json, bool raw)
    {
        if (json.Length > MaxBytes)
        {
            // Larger than the whole ring: it cannot be retained, and nothing older may stay in front of the hole.
            Clear();
            return;
        }

        MakeRoomForSlot();
        var at = MakeRoomForBytes(json.Length);
        json.CopyTo(_bytes.AsSpan(at));
        _slots[(_start + _count) % _slots.Length] = new Slot(token, at, json.Length, raw);
        _count++;
        _head = at + json.Length;
        _liveBytes += json.Length;
    }

    /// <summary>A free slot at the end: the slot array grows, or the oldest event goes.</summary>
    private void MakeRoomForSlot()
    {
        if (_count < _slots.Length)
        {
            return;
        }

        if (_slots.Length < Capacity)
        {
            GrowSlots();
        }
        else
        {
            RemoveOldest();
        }
    }

    /// <summary>
    /// Where <paramref name="length"/> bytes go: at the head, or at 0 when they do not fit before the array's end. The
    /// array grows while it is under <see cref="MaxBytes"/>; at its bound the oldest events ahead of the head go.
    /// </summary>
    private int MakeRoomForBytes(int length)
    {
        if (_bytes.Length < MaxBytes && (_bytes.Length < length || Needed(length) > Free()))
        {
            GrowBytes(length);
        }

        var needed = Needed(length);
        while (_count > 0 && Ahead(_slots[_start].Offset) < needed)
        {
            RemoveOldest();
        }

        if (_count == 0)
        {
            _head = 0;
            return 0;
        }

        return _head + length <= _bytes.Length ? _head : 0;
    }

    /// <summary>Bytes consumed from the head: the length, plus the array's tail left unused when they wrap to 0.</summary>
    private int Needed(int length) => _head + length <= _bytes.Length ? length : _bytes.Length - _head + length;

    /// <summary>Bytes from the head to the oldest event, going forward round the array.</summary>
    private int Free() => _count == 0 ? _bytes.Length : Ahead(_slots[_start].Offset);

    /// <summary>
    /// How far <paramref name="offset"/> lies ahead of the head. The oldest event at the head itself (0) means the
    /// array is full: JSON is never empty, so live events always hold bytes.
    /// </summary>
    private int Ahead(int offset) => (offset - _head + _bytes.Length) % _bytes.Length;

    private void RemoveOldest()
    {
        if (_objects is not null)
        {
            _objects[_start] = default;
        }
        else
        {
            _liveBytes -= _slots[_start].Length;
        }

        _start = (_start + 1) % _slots.Length;
        _count--;
    }

    private void GrowSlots()
    {
        var grown = new Slot[Math.Min(Capacity, Math.Max(INITIAL_SLOTS, _slots.Length * 2))];
        var objects = _objects is null ? null : new StreamEvent<T>[grown.Length];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = _slots[(_start + i) % _slots.Length];
            if (objects is not null)
            {
                objects[i] = _objects![(_start + i) % _slots.Length];
            }
        }

        _slots = grown;
        _objects = objects;
        _start = 0;
    }

    /// <summary>A larger byte array with the retained events packed from 0 in order.</summary>
    private void GrowBytes(int length)
    {
        var size = (int)Math.Min(MaxBytes, Math.Max(Math.Max(INITIAL_BYTES, (long)_bytes.Length * 2), _liveBytes + length));
        var grown = new byte[size];
        var at = 0;
        for (var i = 0; i < _count; i++)
        {
            ref var slot = ref _slots[(_start + i) % _slots.Length];
            _bytes.AsSpan(slot.Offset, slot.Length).CopyTo(grown.AsSpan(at));
            slot = slot with { Offset = at };
            at += slot.Length;
        }

        _bytes = grown;
        _head = at;
    }

    /// <summary>From now on events are kept as objects; the ones retained so far are read back into objects once.</summary>
    private void KeepObjects()
    {
        var objects = new StreamEvent<T>[_slots.Length];
        for (var i = 0; i < _count; i++)
        {
            var at = (_start + i) % _slots.Length;
            objects[at] = Read(_slots[at]);
        }

        _objects = objects;
        _bytes = [];
        _head = 0;
        _liveBytes = 0;
    }

    /// <summary>
    /// A retained event's token and, in bytes mode, where its JSON lies; raw when the bytes are a
    /// <see cref="StreamPayload"/>'s own UTF-8 JSON rather than the item serialized.
    /// </summary>
    private readonly record struct Slot(StreamSequenceToken Token, int Offset, int Length, bool Raw);
}
