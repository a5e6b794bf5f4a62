using System.Buffers;
using System.Text.Json;

namespace Beach.Actors.Runtime.Messaging.Wire;

/// <summary>
/// A per-thread scratch buffer and JSON writer that a payload is written into before it is copied to the caller's
/// output. A value that fails to serialize halfway then leaves the output untouched, and the writer and buffer are
/// reused instead of allocated per message.
/// </summary>
internal sealed class PayloadWriter
{
    /// <summary>A buffer grown past this by one large message is dropped rather than kept for the thread's life.</summary>
    private const int MAX_RETAINED_BYTES = 64 * 1024;

    private static readonly JsonWriterOptions s_writerOptions = new() { Indented = false };

    [ThreadStatic]
    private static PayloadWriter? t_cached;

    private ArrayBufferWriter<byte> _buffer = new(512);

    private PayloadWriter()
    {
        Json = new Utf8JsonWriter(_buffer, s_writerOptions);
    }

    public Utf8JsonWriter Json { get; }

    public int WrittenCount => _buffer.WrittenCount;

    /// <summary>The payload written so far, JSON flushed; valid until the writer is started again or returned.</summary>
    public ReadOnlySpan<byte> Written
    {
        get
        {
            Json.Flush();
            return _buffer.WrittenSpan;
        }
    }

    /// <summary>Takes the thread's writer, or a new one when it is already in use further up the stack.</summary>
    public static PayloadWriter Rent()
    {
        var writer = t_cached ?? new PayloadWriter();
        t_cached = null;
        return writer;
    }

    /// <summary>Starts a new payload: scratch emptied, JSON state cleared.</summary>
    public PayloadWriter Start()
    {
        _buffer.ResetWrittenCount();
        Json.Reset(_buffer);
        return this;
    }

    /// <summary>Flushes the JSON and copies the payload into <paramref name="output"/>.</summary>
    public void CopyTo(IBufferWriter<byte> output)
    {
        Json.Flush();
        var written = _buffer.WrittenSpan;
        written.CopyTo(output.GetSpan(written.Length));
        output.Advance(written.Length);
    }

    /// <summary>The raw scratch span, for the fixed-size message id at the start.</summary>
    public Span<byte> GetSpan(int sizeHint) => _buffer.GetSpan(sizeHint);

    public void Advance(int count) => _buffer.Advance(count);

    public void Return()
    {
        if (_buffer.Capacity > MAX_RETAINED_BYTES)
        {
            _buffer = new ArrayBufferWriter<byte>(512);
        }

        t_cached = this;
    }
}
