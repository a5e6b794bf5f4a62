using System.IO.Pipelines;
using System.Net.Sockets;
using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Transport;

/// <summary>Opens a connection to a silo: TCP, then the hello exchange that checks the silo is the incarnation meant.</summary>
internal sealed class Dialer(SiloAddress self, SiloConnectionContext context)
{
    public SiloAddress Self { get; } = self;

    /// <summary>A connection to <paramref name="target"/>, not yet started.</summary>
    public async Task<SiloConnection> DialAsync(SiloAddress target, CancellationToken stopping)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Sockets wait in real time, whatever clock the grains use.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(context.Options.ConnectTimeout);
            await socket.ConnectAsync(target.ToEndPoint(), timeout.Token).ConfigureAwait(false);
            var (input, output) = SocketPipes.Open(socket);
            await new Hello(Self, target).WriteAsync(output, timeout.Token).ConfigureAwait(false);
            var answer = await Hello.ReadAsync(input, context.Options.MaxFrameBytes, timeout.Token).ConfigureAwait(false);
            if (answer.From != target)
            {
                throw new InvalidDataException($"{target.ToEndPoint()} is now silo {answer.From}.");
            }

            return new SiloConnection(socket, input, output, target, initiatedHere: true, context);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
