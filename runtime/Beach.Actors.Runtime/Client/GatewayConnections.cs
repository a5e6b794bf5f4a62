using System.Collections.Concurrent;
using System.Collections.Immutable;
using Beach.Actors.Cluster;
using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Hosting;
using Beach.Actors.Runtime.Messaging;
using Beach.Actors.Runtime.Messaging.Wire;
using Beach.Actors.Runtime.Transport;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Client;

/// <summary>
/// A cluster client's router: every call goes to one of the gateways (silos that take clients), and the gateway
/// routes it to the grain wherever it lives. A call goes to the silo that last ran its grain's calls when the client
/// knows it (<see cref="GrainLocations"/>, learnt from answers) and has a connection open to it (an answer that names a
/// silo the client has no connection to opens one); otherwise it is spread round-robin over the gateways with an open
/// connection. A gateway that goes away fails the calls it still owed
/// (their outcome unknown) and the next calls go to the others; the gateway list is re-read on a timer, so new silos
/// are used and departed ones forgotten.
/// </summary>
internal sealed class GatewayConnections : IMessageRouter, IDisposable
{
    private readonly GatewayList _gateways;
    private readonly SiloConnectionContext _context;
    private readonly Dialer _dialer;
    private readonly ConcurrentDictionary<SiloAddress, RemotePeer> _peers = new();
    private readonly OpenConnections _connections;
    private readonly CancellationTokenSource _stopping = new();
    private readonly GrainLocations _locations = new(GrainLocations.DEFAULT_CAPACITY);
    private int _next;

    public GatewayConnections(
        GatewayList gateways,
        IOptions<SiloTransportOptions> options,
        IOptions<SiloOptions> callOptions,
        TimeProvider timeProvider,
        MessageCodec codec,
        TransportLog log)
    {
        _gateways = gateways;
        _context = new SiloConnectionContext(
            options.Value,
            timeProvider,
            codec,
            static (message, from) => message.Respond(Response.FromException(new InvalidOperationException(
                $"Silo {from.Peer} sent a call to a cluster client, which hosts no grains."))),
            OnClosed,
            callOptions.Value.OverloadRetryAfter,
            log,
            Learn);
        Self = ClientAddresses.New();
        _dialer = new Dialer(Self, _context);
        gateways.Changed += Forget;
        _connections = new OpenConnections(timeProvider, callOptions.Value.TimeoutSweepPeriod);
    }

    /// <summary>This client's address, as silos see it.</summary>
    public SiloAddress Self { get; }

    /// <summary>Open connections to gateways.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>The silo this client would send <paramref name="grain"/>'s next call to, if it knows one.</summary>
    public SiloAddress? LocationOf(GrainId grain) => _locations.TryGet(grain, out var silo) ? silo : null;

    public void Send(Message message)
    {
        var gateways = _gateways.Current;
        if (gateways.IsEmpty)
        {
            message.Respond(Response.FromException(new SiloUnavailableException(
                "No gateway is known: no active silo that takes clients is in the membership table.")));
            return;
        }

        if (_locations.TryGet(message.Target, out var known) && _peers.TryGetValue(known, out var knownPeer) && knownPeer.Current is { } direct)
        {
            direct.SendRequest(message);
            return;
        }

        // Prefer a gateway with an open connection, starting from the next in turn.
        var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)gateways.Length);
        for (var i = 0; i < gateways.Length; i++)
        {
            if (PeerOf(gateways[(start + i) % gateways.Length]).Current is { } open)
            {
                open.SendRequest(message);
                return;
            }
        }

        _ = SendAfterConnectAsync(gateways, start, message);
    }

    public void Forward(Message message) => Send(message);

    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        _connections.Dispose();
        _connections.CloseAll(null);
    }

    /// <summary>Tries the gateways in turn until one connects; the call fails only when none does.</summary>
    private async Task SendAfterConnectAsync(ImmutableArray<SiloAddress> gateways, int start, Message message)
    {
        Exception? last = null;
        for (var i = 0; i < gateways.Length; i++)
        {
            try
            {
                var connection = await PeerOf(gateways[(start + i) % gateways.Length])
                    .ConnectedAsync(_stopping.IsCancellationRequested ? "the client is stopping" : null, _connections.Start, _stopping.Token)
                    .ConfigureAwait(false);
                connection.SendRequest(message);
                return;
            }
            catch (Exception exception)
            {
                last = exception;
            }
        }

        message.Respond(Response.FromException(new SiloUnavailableException(
            $"None of the {gateways.Length} gateways could be reached: {last?.Message}", last)));
    }

    /// <summary>
    /// A hint names a silo by its silo-to-silo address; the client knows it by its gateway address. A hint that names
    /// a gateway the client has no connection to yet opens one, so the grain's next calls need not be passed on; until
    /// it is open (or while a failed connect backs off) calls go on through the open gateways.
    /// </summary>
    private void Learn(GrainId grain, SiloAddress? passedOnTo, SiloConnection connection)
    {
        if ((passedOnTo is { } silo ? _gateways.GatewayOf(silo) : connection.Peer) is { } gateway)
        {
            _locations.Learn(grain, gateway);
            if (passedOnTo is not null)
            {
                PeerOf(gateway).ConnectInBackground(_connections.Start, _stopping.Token);
            }
        }
    }

    private RemotePeer PeerOf(SiloAddress gateway) => _peers.GetOrAdd(gateway, address => new RemotePeer(address, _dialer, _context));

    private void OnClosed(SiloConnection connection)
    {
        _connections.Remove(connection);
        _locations.Forget(connection.Peer);
        if (_peers.TryGetValue(connection.Peer, out var peer))
        {
            peer.OnClosed(connection);
        }
    }

    /// <summary>Drops what is known of gateways no longer listed; their open connections close when their sockets do.</summary>
    private void Forget(ImmutableArray<SiloAddress> gateways)
    {
        foreach (var known in _peers.Keys)
        {
            if (!gateways.Contains(known))
            {
                _peers.TryRemove(known, out _);
                _locations.Forget(known);
            }
        }
    }
}
