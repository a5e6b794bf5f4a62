using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Transport;

/// <summary>
/// What a process knows of one silo it talks to: the open connection, a connect in progress, and the backoff after
/// a failed one. Callers share one connect; while the backoff runs they fail at once instead of piling up.
/// </summary>
internal sealed class RemotePeer(SiloAddress address, Dialer dialer, SiloConnectionContext context)
{
    private readonly Lock _lock = new();
    private SiloConnection? _current;
    private Task<SiloConnection>? _connecting;
    private TimeSpan _backoff;
    private long _retryAt;

    public SiloAddress Address { get; } = address;

    /// <summary>The open connection, if there is one.</summary>
    public SiloConnection? Current
    {
        get
        {
            lock (_lock)
            {
                return _current is { IsOpen: true } current ? current : null;
            }
        }
    }

    /// <summary>The open connection, or a connect in progress, or a new one; <paramref name="refusal"/> non-null refuses.</summary>
    public Task<SiloConnection> ConnectedAsync(string? refusal, Action<SiloConnection> adopt, CancellationToken stopping)
    {
        lock (_lock)
        {
            if (_current is { IsOpen: true } current)
            {
                return Task.FromResult(current);
            }

            if (_connecting is { } connecting)
            {
                return connecting;
            }

            if (refusal is not null)
            {
                return Task.FromException<SiloConnection>(new SiloUnavailableException($"Silo {Address} is unreachable: {refusal}."));
            }

            var now = context.TimeProvider.GetTimestamp();
            if (now < _retryAt)
            {
                return Task.FromException<SiloConnection>(new SiloUnavailableException(
                    $"Silo {Address} is unreachable: the last connect failed, next try in {context.TimeProvider.GetElapsedTime(now, _retryAt).TotalMilliseconds:0} ms."));
            }

            _connecting = ConnectAsync(adopt, stopping);
            return _connecting;
        }
    }

    /// <summary>
    /// Starts a connect unless the peer is open, connecting, or backing off after a failed one; returns at once. A
    /// failure is logged and backed off as any connect's is, and nobody waits for it.
    /// </summary>
    public void ConnectInBackground(Action<SiloConnection> adopt, CancellationToken stopping)
    {
        lock (_lock)
        {
            if (_current is { IsOpen: true } || _connecting is not null || stopping.IsCancellationRequested
                || context.TimeProvider.GetTimestamp() < _retryAt)
            {
                return;
            }

            _connecting = ConnectAsync(adopt, stopping);
            _connecting.ContinueWith(
                static connect => _ = connect.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>Takes a connection opened by either side as this peer's, unless it already has an open one.</summary>
    public void Adopt(SiloConnection connection)
    {
        lock (_lock)
        {
            _connecting = null;
            _backoff = TimeSpan.Zero;
            _retryAt = 0;
            if (_current is not { IsOpen: true })
            {
                _current = connection;
            }
        }
    }

    public void OnClosed(SiloConnection connection)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_current, connection))
            {
                _current = null;
            }
        }
    }

    private async Task<SiloConnection> ConnectAsync(Action<SiloConnection> adopt, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            var connection = await dialer.DialAsync(Address, stopping).ConfigureAwait(false);
            Adopt(connection);
            adopt(connection);
            context.Log.Connected(Address);
            return connection;
        }
        catch (Exception exception)
        {
            TimeSpan backoff;
            lock (_lock)
            {
                _connecting = null;
                backoff = _backoff = _backoff == TimeSpan.Zero
                    ? context.Options.ReconnectBackoffMin
                    : TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, context.Options.ReconnectBackoffMax.Ticks));
                _retryAt = context.TimeProvider.GetTimestamp() + (long)(backoff.TotalSeconds * context.TimeProvider.TimestampFrequency);
            }

            context.Log.ConnectFailed(Address, backoff, exception);
            throw new SiloUnavailableException($"Silo {Address} could not be reached: {exception.Message}", exception);
        }
    }
}
