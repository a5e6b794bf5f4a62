using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using Beach.Actors.Cluster;
using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Cluster;
using Beach.Actors.Runtime.Hosting;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Runtime.Messaging.Wire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Transport;

/// <summary>
/// The silo's connections to the other silos: one per peer in steady state (a connection either side opened carries
/// calls both ways), opened on first use, re-opened after a failure with a doubling backoff, and closed when its
/// socket fails or the silo stops or is cut off. It is the cluster router's <see cref="ISiloMessageSender"/>.
/// </summary>
internal sealed class SiloConnectionManager : ISiloMessageSender, IHostedService, IDisposable
{
    private readonly SiloEndpoint _endpoint;
    private readonly SiloTransportOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly TransportLog _log;
    private readonly SiloConnectionContext _context;
    private readonly ConcurrentDictionary<SiloAddress, Peer> _peers = new();
    private readonly ConcurrentDictionary<SiloConnection, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _sweep;
    private volatile bool _isolated;

    public SiloConnectionManager(
        SiloEndpoint endpoint,
        IOptions<SiloTransportOptions> options,
        IOptions<SiloOptions> siloOptions,
        TimeProvider timeProvider,
        MessageCodec codec,
        Func<ClusterMessageRouter> router,
        ClusterViewSource views,
        TransportLog log)
    {
        _endpoint = endpoint;
        _options = options.Value;
        _timeProvider = timeProvider;
        _log = log;
        ClusterMessageRouter? resolved = null;
        _context = new SiloConnectionContext(
            _options,
            timeProvider,
            codec,
            message => (resolved ??= router()).DeliverLocal(message),
            OnClosed,
            siloOptions.Value.OverloadRetryAfter,
            log);
        views.Changed += (previous, current) =>
        {
            foreach (var departed in current.DepartedSince(previous))
            {
                Forget(departed);
            }
        };
        var sweepPeriod = siloOptions.Value.TimeoutSweepPeriod;
        _sweep = timeProvider.CreateTimer(static state => ((SiloConnectionManager)state!).Sweep(), this, sweepPeriod, sweepPeriod);
    }

    public SiloAddress Self => _endpoint.Address;

    /// <summary>Open connections, whichever side opened them.</summary>
    public int ConnectionCount => _connections.Count;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _log.Listening(_endpoint.Listener.LocalEndPoint!.ToString()!);
        _ = Task.Run(AcceptLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Send(SiloAddress target, Message message)
    {
        var peer = PeerOf(target);
        if (peer.Current is { IsOpen: true } connection)
        {
            connection.SendRequest(message);
            return;
        }

        _ = SendAfterConnectAsync(peer, message);
    }

    /// <summary>Sends a ping and waits for its pong: membership's probe of <paramref name="target"/>.</summary>
    public async Task ProbeAsync(SiloAddress target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connection = await ConnectedAsync(PeerOf(target)).WaitAsync(timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        await connection.PingAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Cuts this silo off while it keeps running: every connection is dropped, and none is opened or accepted until
    /// <see cref="Reconnect"/>. What a network partition does to it, for fault tests.
    /// </summary>
    public void Isolate()
    {
        _isolated = true;
        foreach (var connection in _connections.Keys)
        {
            connection.Close(new IOException("The silo was cut off from the cluster."));
        }
    }

    /// <summary>Ends <see cref="Isolate"/>.</summary>
    public void Reconnect() => _isolated = false;

    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        _sweep.Dispose();
        _endpoint.Dispose();
        foreach (var connection in _connections.Keys)
        {
            connection.Close(null);
        }
    }

    private Peer PeerOf(SiloAddress silo) => _peers.GetOrAdd(silo, static address => new Peer(address));

    private async Task SendAfterConnectAsync(Peer peer, Message message)
    {
        SiloConnection connection;
        try
        {
            connection = await ConnectedAsync(peer).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            message.Respond(Response.FromException(exception as SiloUnavailableException
                ?? new SiloUnavailableException($"Silo {peer.Address} could not be reached: {exception.Message}", exception)));
            return;
        }

        connection.SendRequest(message);
    }

    private Task<SiloConnection> ConnectedAsync(Peer peer)
    {
        lock (peer)
        {
            if (peer.Current is { IsOpen: true } current)
            {
                return Task.FromResult(current);
            }

            if (peer.Connecting is { } connecting)
            {
                return connecting;
            }

            if (_isolated || _stopping.IsCancellationRequested)
            {
                return Task.FromException<SiloConnection>(new SiloUnavailableException($"Silo {peer.Address} is unreachable: this silo is cut off or stopping."));
            }

            var now = _timeProvider.GetTimestamp();
            if (now < peer.RetryAt)
            {
                return Task.FromException<SiloConnection>(new SiloUnavailableException(
                    $"Silo {peer.Address} is unreachable: the last connect failed, next try in {_timeProvider.GetElapsedTime(now, peer.RetryAt).TotalMilliseconds:0} ms."));
            }

            peer.Connecting = ConnectAsync(peer);
            return peer.Connecting;
        }
    }

    private async Task<SiloConnection> ConnectAsync(Peer peer)
    {
        await Task.Yield();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Sockets wait in real time, whatever clock the grains use.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(_options.ConnectTimeout);
            await socket.ConnectAsync(peer.Address.ToEndPoint(), timeout.Token).ConfigureAwait(false);
            var stream = new NetworkStream(socket, ownsSocket: true);
            var input = PipeReader.Create(stream);
            var output = PipeWriter.Create(stream);
            await new Hello(Self, peer.Address).WriteAsync(output, timeout.Token).ConfigureAwait(false);
            var answer = await Hello.ReadAsync(input, _options.MaxFrameBytes, timeout.Token).ConfigureAwait(false);
            if (answer.From != peer.Address)
            {
                throw new InvalidDataException($"{peer.Address.ToEndPoint()} is now silo {answer.From}.");
            }

            var connection = new SiloConnection(socket, input, output, peer.Address, initiatedHere: true, _context);
            Adopt(peer, connection);
            _log.Connected(peer.Address);
            return connection;
        }
        catch (Exception exception)
        {
            socket.Dispose();
            TimeSpan backoff;
            lock (peer)
            {
                peer.Connecting = null;
                backoff = peer.Backoff = peer.Backoff == TimeSpan.Zero
                    ? _options.ReconnectBackoffMin
                    : TimeSpan.FromTicks(Math.Min(peer.Backoff.Ticks * 2, _options.ReconnectBackoffMax.Ticks));
                peer.RetryAt = _timeProvider.GetTimestamp() + (long)(backoff.TotalSeconds * _timeProvider.TimestampFrequency);
            }

            _log.ConnectFailed(peer.Address, backoff, exception);
            throw new SiloUnavailableException($"Silo {peer.Address} could not be reached: {exception.Message}", exception);
        }
    }

    private void Adopt(Peer peer, SiloConnection connection)
    {
        _connections[connection] = 0;
        lock (peer)
        {
            peer.Connecting = null;
            peer.Backoff = TimeSpan.Zero;
            peer.RetryAt = 0;
            if (peer.Current is not { IsOpen: true })
            {
                peer.Current = connection;
            }
        }

        connection.Start();
        if (_isolated || _stopping.IsCancellationRequested)
        {
            connection.Close(new IOException("The silo was cut off from the cluster."));
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _endpoint.Listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                _log.AcceptFailed(exception);
                continue;
            }

            _ = AcceptAsync(socket);
        }
    }

    private async Task AcceptAsync(Socket socket)
    {
        var remote = socket.RemoteEndPoint?.ToString() ?? "?";
        socket.NoDelay = true;
        try
        {
            if (_isolated)
            {
                throw new IOException("this silo is cut off from the cluster");
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            timeout.CancelAfter(_options.ConnectTimeout);
            var stream = new NetworkStream(socket, ownsSocket: true);
            var input = PipeReader.Create(stream);
            var output = PipeWriter.Create(stream);
            var hello = await Hello.ReadAsync(input, _options.MaxFrameBytes, timeout.Token).ConfigureAwait(false);
            if (hello.To != Self)
            {
                throw new InvalidDataException($"the hello was meant for silo {hello.To}, and this is {Self}");
            }

            await new Hello(Self, hello.From).WriteAsync(output, timeout.Token).ConfigureAwait(false);
            Adopt(PeerOf(hello.From), new SiloConnection(socket, input, output, hello.From, initiatedHere: false, _context));
            _log.Accepted(hello.From);
        }
        catch (Exception exception)
        {
            _log.Refused(remote, exception.Message);
            socket.Dispose();
        }
    }

    private void OnClosed(SiloConnection connection)
    {
        _connections.TryRemove(connection, out _);
        if (_peers.TryGetValue(connection.Peer, out var peer))
        {
            lock (peer)
            {
                if (ReferenceEquals(peer.Current, connection))
                {
                    peer.Current = null;
                }
            }
        }
    }

    /// <summary>
    /// Forgets a silo that left the active view. Its connections stay until they close by themselves: a silo that is
    /// leaving still unregisters its grains and answers its last calls over them, and a dead one's sockets close with
    /// it (or its calls time out, their outcome unknown). The router sends nothing new to a silo that is not active.
    /// </summary>
    private void Forget(SiloAddress departed) => _peers.TryRemove(departed, out _);

    private void Sweep()
    {
        var now = _timeProvider.GetTimestamp();
        foreach (var connection in _connections.Keys)
        {
            connection.SweepAbandoned(now);
        }
    }

    /// <summary>What this silo knows of one other silo: its connection, a connect in progress, and the backoff.</summary>
    private sealed class Peer(SiloAddress address)
    {
        public SiloAddress Address { get; } = address;

        public SiloConnection? Current { get; set; }

        public Task<SiloConnection>? Connecting { get; set; }

        public TimeSpan Backoff { get; set; }

        public long RetryAt { get; set; }
    }
}
