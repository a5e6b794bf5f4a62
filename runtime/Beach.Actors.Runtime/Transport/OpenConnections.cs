namespace Beach.Actors.Runtime.Transport;

/// <summary>
/// The connections a process has open, whichever side opened them: started when added, swept on a timer for calls
/// whose callers stopped waiting (so the unanswered-call bound frees up), and closed together at stop.
/// </summary>
internal sealed class OpenConnections : IDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<SiloConnection, byte> _open = new();
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _sweep;

    public OpenConnections(TimeProvider timeProvider, TimeSpan sweepPeriod)
    {
        _timeProvider = timeProvider;
        _sweep = timeProvider.CreateTimer(static state => ((OpenConnections)state!).Sweep(), this, sweepPeriod, sweepPeriod);
    }

    public int Count => _open.Count;

    public ICollection<SiloConnection> All => _open.Keys;

    public void Start(SiloConnection connection)
    {
        _open[connection] = 0;
        connection.Start();
    }

    public void Remove(SiloConnection connection) => _open.TryRemove(connection, out _);

    public void CloseAll(Exception? reason)
    {
        foreach (var connection in _open.Keys)
        {
            connection.Close(reason);
        }
    }

    public void Dispose() => _sweep.Dispose();

    private void Sweep()
    {
        var now = _timeProvider.GetTimestamp();
        foreach (var connection in _open.Keys)
        {
            connection.SweepAbandoned(now);
        }
    }
}
