using System.Collections.Concurrent;
using System.Diagnostics;
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
    private const int DRAIN_POLL_MILLISECONDS = 5;

    private readonly SiloEndpoint _endpoint;
    private readonly SiloTransportOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly TransportLog _log;
    private readonly SiloConnectionContext _context;
    private readonly ConcurrentDictionary<SiloAddress, RemotePeer> _peers = new();
    private readonly Dialer _dialer;
    private readonly OpenConnections _connections;
    private readonly CancellationTokenSource _stopping = new();
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
            (message, from) =>
            {
                // A client does not know where grains live: its calls are routed. A silo's are meant for this one.
                var cluster = resolved ??= router();
                if (ClientAddresses.IsClient(from.Peer))
                {
                    cluster.Send(message);
                }
                else
                {
                    cluster.DeliverLocal(message);
                }
            },
            OnClosed,
            siloOptions.Value.OverloadRetryAfter,
            log);
        _dialer = new Dialer(endpoint.Address, _context);
        views.Changed += (previous, current) =>
        {
            foreach (var departed in current.DepartedSince(previous))
            {
                Forget(departed);
            }
        };
        _connections = new OpenConnections(timeProvider, siloOptions.Value.TimeoutSweepPeriod);
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

    /// <summary>
    /// Waits until every connection is quiet (nothing owed either way, see <see cref="SiloConnection.IsQuiet"/>), then
    /// lets each write out what it has queued and close; all within <see cref="SiloTransportOptions.DrainTimeout"/>.
    /// The last step of a graceful leave. Waits in real time, whatever clock the silo uses, as the host's shutdown does.
    /// </summary>
    /// <returns>How long it waited, and how many calls were still owed when it stopped waiting.</returns>
    public async Task<(TimeSpan Waited, int Owed)> DrainAsync(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (!_connections.All.All(connection => connection.IsQuiet) && waited.Elapsed < _options.DrainTimeout && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(DRAIN_POLL_MILLISECONDS, CancellationToken.None).ConfigureAwait(false);
        }

        // The last responses are queued, maybe not written yet: each connection writes its queue out and then closes.
        var connections = _connections.All.ToList();
        var owed = connections.Sum(connection => connection.OwedCalls);
        foreach (var connection in connections)
        {
            connection.FinishWrites();
        }

        var left = _options.DrainTimeout - waited.Elapsed;
        if (left > TimeSpan.Zero)
        {
            await Task.WhenAll(connections.Select(connection => connection.Closed)).WaitAsync(left, cancellationToken)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return (waited.Elapsed, owed);
    }

    public void Send(SiloAddress target, Message message)
    {
        var peer = PeerOf(target);
        if (peer.Current is { } connection)
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
        _connections.CloseAll(new IOException("The silo was cut off from the cluster."));
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
        _connections.Dispose();
        _endpoint.Dispose();
        _connections.CloseAll(null);
    }

    private RemotePeer PeerOf(SiloAddress silo) => _peers.GetOrAdd(silo, address => new RemotePeer(address, _dialer, _context));

    private async Task SendAfterConnectAsync(RemotePeer peer, Message message)
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

    private Task<SiloConnection> ConnectedAsync(RemotePeer peer)
        => peer.ConnectedAsync(_isolated || _stopping.IsCancellationRequested ? "this silo is cut off or stopping" : null, Track, _stopping.Token);

    /// <summary>Starts a connection either side opened and keeps it in the set that is swept and closed.</summary>
    private void Track(SiloConnection connection)
    {
        _connections.Start(connection);
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
            var (input, output) = SocketPipes.Open(socket);
            var hello = await Hello.ReadAsync(input, _options.MaxFrameBytes, timeout.Token).ConfigureAwait(false);
            if (hello.To != Self)
            {
                throw new InvalidDataException($"the hello was meant for silo {hello.To}, and this is {Self}");
            }

            await new Hello(Self, hello.From).WriteAsync(output, timeout.Token).ConfigureAwait(false);
            var connection = new SiloConnection(socket, input, output, hello.From, initiatedHere: false, _context);
            if (!ClientAddresses.IsClient(hello.From))
            {
                // A silo's connection carries this silo's calls to it too; a client is never called.
                PeerOf(hello.From).Adopt(connection);
            }

            Track(connection);
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
        _connections.Remove(connection);
        if (_peers.TryGetValue(connection.Peer, out var peer))
        {
            peer.OnClosed(connection);
        }
    }

    /// <summary>
    /// Forgets a silo that left the active view. Its connections stay until they close by themselves: a silo that is
    /// leaving still unregisters its grains and answers its last calls over them, and a dead one's sockets close with
    /// it (or its calls time out, their outcome unknown). The router sends nothing new to a silo that is not active.
    /// </summary>
    private void Forget(SiloAddress departed) => _peers.TryRemove(departed, out _);
}
