using System.Collections.Immutable;
using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Streams.Cluster;

/// <summary>
/// The events this process has yet to send to one home silo, oldest first, at most its capacity: a full queue refuses
/// the new event (its producer never waits on another process). One pump per queue sends them in batches, one call at
/// a time, so a stream's events reach the home in the order they were published here.
/// </summary>
internal sealed class ForwardQueue(SiloAddress home, int capacity, int maxBatch, Func<SiloAddress, ImmutableArray<ForwardedEvent>, Task> send)
{
    private readonly Lock _lock = new();
    private readonly Queue<ForwardedEvent> _events = new();
    private bool _pumping;

    public SiloAddress Home => home;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>Queues <paramref name="forwarded"/>; false when the queue is full (the caller counts the loss).</summary>
    public bool TryEnqueue(ForwardedEvent forwarded)
    {
        lock (_lock)
        {
            if (_events.Count >= capacity)
            {
                return false;
            }

            _events.Enqueue(forwarded);
            if (_pumping)
            {
                return true;
            }

            _pumping = true;
        }

        // Off the producer's context (a grain's turn): the pump is no part of it.
        _ = Task.Run(PumpAsync);
        return true;
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            ImmutableArray<ForwardedEvent> batch;
            lock (_lock)
            {
                if (_events.Count == 0)
                {
                    _pumping = false;
                    return;
                }

                var builder = ImmutableArray.CreateBuilder<ForwardedEvent>(Math.Min(_events.Count, maxBatch));
                while (builder.Count < maxBatch && _events.TryDequeue(out var next))
                {
                    builder.Add(next);
                }

                batch = builder.MoveToImmutable();
            }

            // The sender handles its own failures: a batch is sent once, and what it loses is counted, never retried here.
            await send(home, batch).ConfigureAwait(false);
        }
    }
}
