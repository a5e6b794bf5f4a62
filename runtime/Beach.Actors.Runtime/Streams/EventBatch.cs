using System.Collections;
using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Streams;

/// <summary>
/// The view of one delivery batch handed to a batch observer: a window on the subscription's pooled array, one object
/// per subscription reused for every batch, so delivering allocates nothing.
/// </summary>
internal sealed class EventBatch<T> : IReadOnlyList<StreamEvent<T>>
{
    private StreamEvent<T>[] _items = [];
    private volatile bool _stopped;

    public int Count { get; private set; }

    public StreamEvent<T> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return _items[index];
        }
    }

    /// <summary>The subscription ended: an item observer gets no further item of the batch in progress.</summary>
    public bool IsStopped => _stopped;

    public void Stop() => _stopped = true;

    public void Set(StreamEvent<T>[] items, int count)
    {
        _items = items;
        Count = count;
    }

    public IEnumerator<StreamEvent<T>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
