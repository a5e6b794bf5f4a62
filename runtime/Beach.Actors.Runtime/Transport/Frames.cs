using System.Buffers;
using System.Buffers.Binary;

namespace Beach.Actors.Runtime.Transport;

/// <summary>Reads and writes the frame envelope: length, kind, payload.</summary>
internal static class Frames
{
    public const int HEADER_BYTES = 5;

    /// <summary>Takes one whole frame off the front of <paramref name="buffer"/>, if one is there.</summary>
    /// <exception cref="InvalidDataException">The frame is larger than <paramref name="maxFrameBytes"/>.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxFrameBytes, out FrameKind kind, out ReadOnlySequence<byte> payload)
    {
        kind = default;
        payload = default;
        if (buffer.Length < HEADER_BYTES)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[HEADER_BYTES];
        buffer.Slice(0, HEADER_BYTES).CopyTo(header);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 1 || length > maxFrameBytes)
        {
            throw new InvalidDataException($"A frame of {length} bytes is outside 1..{maxFrameBytes} (SiloTransportOptions.MaxFrameBytes).");
        }

        if (buffer.Length < 4 + length)
        {
            return false;
        }

        kind = (FrameKind)header[4];
        payload = buffer.Slice(HEADER_BYTES, length - 1);
        buffer = buffer.Slice(4 + length);
        return true;
    }

    /// <summary>Writes a frame whose payload is already in <paramref name="payload"/>.</summary>
    public static void Write(IBufferWriter<byte> output, FrameKind kind, ReadOnlySpan<byte> payload)
    {
        var span = output.GetSpan(HEADER_BYTES + payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(span, payload.Length + 1);
        span[4] = (byte)kind;
        payload.CopyTo(span[HEADER_BYTES..]);
        output.Advance(HEADER_BYTES + payload.Length);
    }

    /// <summary>Writes a frame with an 8-byte payload (pings and pongs).</summary>
    public static void WriteId(IBufferWriter<byte> output, FrameKind kind, long id)
    {
        Span<byte> payload = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(payload, id);
        Write(output, kind, payload);
    }

    public static long ReadId(ReadOnlySequence<byte> payload)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        if (payload.Length < sizeof(long))
        {
            throw new InvalidDataException("A ping or pong frame carries 8 bytes of id.");
        }

        payload.Slice(0, sizeof(long)).CopyTo(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }
}
