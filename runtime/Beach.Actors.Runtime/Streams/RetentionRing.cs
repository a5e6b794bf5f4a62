using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Streams;

/// <summary>
/// The newest events of one stream, oldest out first once <see cref="Capacity"/> is reached. Its array grows by
/// doubling up to the capacity, so a quiet stream costs little. Not thread-safe: the stream's gate guards it.
/// </summary>
internal sealed class RetentionRing<T>(int capacity)
{
    private const int INITIAL_SLOTS = 16;

    private StreamEvent<T>[] _items = [];
    private int _start;
    private int _count;

    public int Capacity { get; } = capacity;

    public int Count => _count;

    /// <summary>The sequence of the oldest retained event; meaningful only when <see cref="Count"/> is above zero.</summary>
    public long FirstSequence => _items[_start].Token.Sequence;

    public void Add(in StreamEvent<T> item)
    {
        if (Capacity == 0)
        {
            return;
        }

        if (_count == _items.Length)
        {
            if (_items.Length < Capacity)
            {
                Grow();
            }
            else
            {
                // Full: the oldest goes.
                _items[_start] = item;
                _start = (_start + 1) % _items.Length;
                return;
            }
        }

        _items[(_start + _count) % _items.Length] = item;
        _count++;
    }

    /// <summary>Forgets every retained event, keeping the slots: a mirrored stream restarts after a hole or a new epoch.</summary>
    public void Clear()
    {
        Array.Clear(_items);
        _start = 0;
        _count = 0;
    }

    /// <summary>The retained event at <paramref name="index"/>, 0 being the oldest.</summary>
    public ref readonly StreamEvent<T> this[int index] => ref _items[(_start + index) % _items.Length];

    private void Grow()
    {
        var grown = new StreamEvent<T>[Math.Min(Capacity, Math.Max(INITIAL_SLOTS, _items.Length * 2))];
        for (var i = 0; i < _count; i++)
        {
            grown[i] = _items[(_start + i) % _items.Length];
        }

        _items = grown;
        _start = 0;
    }
}
