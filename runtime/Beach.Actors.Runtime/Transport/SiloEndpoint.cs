using System.Net;
using System.Net.Sockets;
using Beach.Actors.Cluster;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Transport;

/// <summary>
/// The silo's listening socket, bound as soon as the silo is built, so that its address (with the port the system
/// chose, when asked for port 0) is known before membership and the directory are.
/// </summary>
internal sealed class SiloEndpoint : IDisposable
{
    public SiloEndpoint(IOptions<SiloTransportOptions> options)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(options.Value.ListenAddress), options.Value.SiloPort);
        Listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        Listener.Bind(endpoint);
        Listener.Listen(512);

        // The generation must grow across real restarts, whatever clock the grains are given (tests move theirs).
        Address = SiloAddress.New((IPEndPoint)Listener.LocalEndPoint!, DateTimeOffset.UtcNow);
    }

    /// <summary>This silo incarnation's address.</summary>
    public SiloAddress Address { get; }

    public Socket Listener { get; }

    public void Dispose() => Listener.Dispose();
}
