using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Transport;

namespace Beach.Actors.Runtime.Tests.Transport;

/// <summary>A silo's port as a peer that writes raw frames sees it: the envelope's promises and the hello's check.</summary>
public sealed class TransportFrameTests
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    /// <summary>A peer that is no silo of the cluster: the port is never dialled back.</summary>
    private static readonly SiloAddress Stranger = new("127.0.0.1", 9, 7);

    [Fact]
    public async Task A_frame_of_an_unknown_kind_is_skipped_and_the_connection_keeps_answering()
    {
        await using var silos = new TcpSilos();
        var silo = await silos.AddAsync();
        var address = TcpSilos.AddressOf(silo);
        using var client = await ConnectAsync(address);
        var stream = client.GetStream();
        var input = PipeReader.Create(stream);
        await SendAsync(stream, output => Frames.Write(output, FrameKind.Hello, System.Text.Encoding.UTF8.GetBytes($"{Stranger} {address}")));
        var answer = await Hello.ReadAsync(input, SiloTransportOptions.DEFAULT_MAX_FRAME_BYTES, CancellationToken.None).WaitAsync(Bounded);

        await SendAsync(stream, output =>
        {
            Frames.Write(output, (FrameKind)0xEE, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
            Frames.Write(output, (FrameKind)0x2A, []);
            Frames.WriteId(output, FrameKind.Ping, 4242);
        });
        var pong = await ReadFrameAsync(input).WaitAsync(Bounded);

        answer.From.ShouldBe(address);
        answer.To.ShouldBe(Stranger);
        pong.Kind.ShouldBe(FrameKind.Pong);
        pong.Id.ShouldBe(4242, "the ping after the unknown frames was read and answered on the same connection");
    }

    [Fact]
    public async Task A_hello_naming_another_incarnation_of_the_silo_is_refused_and_the_connection_closed()
    {
        await using var silos = new TcpSilos();
        var silo = await silos.AddAsync();
        var address = TcpSilos.AddressOf(silo);
        var earlier = address with { Generation = address.Generation - 1 };
        using var client = await ConnectAsync(address);
        var stream = client.GetStream();
        await SendAsync(stream, output => Frames.Write(output, FrameKind.Hello, System.Text.Encoding.UTF8.GetBytes($"{Stranger} {earlier}")));

        var buffer = new byte[64];
        var read = await ReadOrClosedAsync(stream, buffer).WaitAsync(Bounded);

        read.ShouldBe(0, "the silo closes a connection meant for another incarnation without answering its hello");

        // The refusal is of that hello only: the right incarnation is still answered on a new connection.
        using var again = await ConnectAsync(address);
        await SendAsync(again.GetStream(), output => Frames.Write(output, FrameKind.Hello, System.Text.Encoding.UTF8.GetBytes($"{Stranger} {address}")));
        var answer = await Hello.ReadAsync(PipeReader.Create(again.GetStream()), SiloTransportOptions.DEFAULT_MAX_FRAME_BYTES, CancellationToken.None).WaitAsync(Bounded);
        answer.From.ShouldBe(address);
    }

    private static async Task<TcpClient> ConnectAsync(SiloAddress address)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(address.ToEndPoint()).WaitAsync(Bounded);
        return client;
    }

    private static async Task SendAsync(NetworkStream stream, Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        await stream.WriteAsync(buffer.WrittenMemory);
        await stream.FlushAsync();
    }

    private static async Task<(FrameKind Kind, long Id)> ReadFrameAsync(PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            if (Frames.TryRead(ref buffer, SiloTransportOptions.DEFAULT_MAX_FRAME_BYTES, out var kind, out var payload))
            {
                var frame = (kind, Frames.ReadId(payload));
                input.AdvanceTo(buffer.Start);
                return frame;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new EndOfStreamException("The silo closed the connection.");
            }
        }
    }

    /// <summary>Bytes read, or 0 when the silo closed the connection (a reset counts as closed).</summary>
    private static async Task<int> ReadOrClosedAsync(NetworkStream stream, byte[] buffer)
    {
        try
        {
            return await stream.ReadAsync(buffer);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
