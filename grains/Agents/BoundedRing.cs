namespace Beach.Actors.Agents;

/// <summary>
/// A fixed-capacity ring of recent items, oldest first. When full, each new item overwrites the oldest and the drop
/// is counted, so a reader learns how much the bound cost. Allocated on first use: an agent that never logs pays
/// nothing for it.
/// </summary>
internal sealed class BoundedRing<T>(int capacity)
{
    private T[]? _items;
    private int _start;

    public int Count { get; private set; }

    public int Capacity => capacity;

    public long Dropped { get; private set; }

    public void Add(T item)
    {
        _items ??= new T[capacity];
        if (Count < capacity)
        {
            _items[(_start + Count) % capacity] = item;
            Count++;
            return;
        }

        _items[_start] = item;
        _start = (_start + 1) % capacity;
        Dropped++;
    }

    /// <summary>The newest <paramref name="limit"/> items that match, oldest first.</summary>
    public List<T> Newest(Func<T, bool> match, int limit)
    {
        var found = new List<T>(Math.Min(limit, Count));
        for (var i = Count - 1; i >= 0 && found.Count < limit; i--)
        {
            var item = _items![(_start + i) % capacity];
            if (match(item))
            {
                found.Add(item);
            }
        }

        found.Reverse();
        return found;
    }
}
