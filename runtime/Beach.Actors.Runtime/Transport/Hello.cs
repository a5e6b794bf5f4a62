using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Beach.Actors.Cluster;

namespace Beach.Actors.Runtime.Transport;

/// <summary>
/// The first frame each way: who sends it and whom it meant to reach (address and generation). A silo refuses a
/// hello meant for another incarnation of itself, so a caller never reaches a restarted silo by its old address.
/// </summary>
internal readonly record struct Hello(SiloAddress From, SiloAddress To)
{
    private const char SEPARATOR = ' ';

    public async Task WriteAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        Frames.Write(output, FrameKind.Hello, Encoding.UTF8.GetBytes($"{From}{SEPARATOR}{To}"));
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the hello that must open the stream, leaving whatever follows it in the reader.</summary>
    public static async Task<Hello> ReadAsync(PipeReader input, int maxFrameBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (Frames.TryRead(ref buffer, maxFrameBytes, out var kind, out var payload))
            {
                var hello = kind == FrameKind.Hello
                    ? Parse(Encoding.UTF8.GetString(payload.ToArray()))
                    : throw new InvalidDataException($"The first frame was {kind}, not a hello.");
                input.AdvanceTo(buffer.Start);
                return hello;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new EndOfStreamException("The peer closed the connection before its hello.");
            }
        }
    }

    private static Hello Parse(string text)
    {
        var parts = text.Split(SEPARATOR);
        return parts.Length == 2
            ? new Hello(SiloAddress.Parse(parts[0]), SiloAddress.Parse(parts[1]))
            : throw new InvalidDataException($"'{text}' is not a hello (two silo addresses).");
    }
}
