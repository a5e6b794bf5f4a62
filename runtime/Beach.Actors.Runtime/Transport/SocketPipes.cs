using System.IO.Pipelines;
using System.Net.Sockets;

namespace Beach.Actors.Runtime.Transport;

/// <summary>
/// The reader and writer over one connection's socket. Buffers of 64 KiB let one read take many small frames at
/// once and one flush send them, which is where a busy connection's throughput comes from.
/// </summary>
internal static class SocketPipes
{
    private const int BUFFER_BYTES = 64 * 1024;
    private const int MINIMUM_READ_BYTES = 4 * 1024;

    private static readonly StreamPipeReaderOptions s_reader = new(bufferSize: BUFFER_BYTES, minimumReadSize: MINIMUM_READ_BYTES);
    private static readonly StreamPipeWriterOptions s_writer = new(minimumBufferSize: BUFFER_BYTES);

    public static (PipeReader Input, PipeWriter Output) Open(Socket socket)
    {
        var stream = new NetworkStream(socket, ownsSocket: true);
        return (PipeReader.Create(stream, s_reader), PipeWriter.Create(stream, s_writer));
    }
}
