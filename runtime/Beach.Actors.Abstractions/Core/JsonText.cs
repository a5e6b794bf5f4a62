using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Beach.Actors;

/// <summary>
/// Writes a small JSON object as text through one scratch buffer and writer kept per thread, so a codec that runs on
/// every call (an audit record's data, for one) allocates only the string it returns. The writer has the default
/// <see cref="JsonWriterOptions"/>, so the text is what a new <see cref="Utf8JsonWriter"/> would write.
/// </summary>
public static class JsonText
{
    /// <summary>A scratch buffer grown past this by one large object is dropped rather than kept for the thread's life.</summary>
    private const int MAX_RETAINED_BYTES = 64 * 1024;

    private const int INITIAL_BUFFER_BYTES = 256;

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>The object whose properties <paramref name="fields"/> writes, as JSON text.</summary>
    public static string Object(Action<Utf8JsonWriter> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);

        // Taken off the thread while in use: a nested call (fields writing another object's text) gets its own.
        var scratch = t_scratch ?? new Scratch();
        t_scratch = null;
        try
        {
            var writer = scratch.Start();
            writer.WriteStartObject();
            fields(writer);
            writer.WriteEndObject();
            writer.Flush();
            return Encoding.UTF8.GetString(scratch.Buffer.WrittenSpan);
        }
        finally
        {
            if (scratch.Buffer.Capacity <= MAX_RETAINED_BYTES)
            {
                t_scratch = scratch;
            }
        }
    }

    private sealed class Scratch
    {
        private readonly Utf8JsonWriter _writer;

        public Scratch()
        {
            _writer = new Utf8JsonWriter(Buffer);
        }

        public ArrayBufferWriter<byte> Buffer { get; } = new(INITIAL_BUFFER_BYTES);

        /// <summary>An empty buffer and a writer with no state left from an earlier object, even one that failed halfway.</summary>
        public Utf8JsonWriter Start()
        {
            Buffer.ResetWrittenCount();
            _writer.Reset(Buffer);
            return _writer;
        }
    }
}
