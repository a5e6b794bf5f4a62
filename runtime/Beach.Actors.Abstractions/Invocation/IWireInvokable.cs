using System.Text.Json;

namespace Beach.Actors.Invocation;

/// <summary>
/// A call that can travel between processes: it writes its own arguments and reads and writes its own result, each
/// typed, so that the wire codec needs no reflection on the call path. Every generated request is one.
/// </summary>
public interface IWireInvokable : IInvokable
{
    /// <summary>
    /// Writes the arguments as one JSON array, in parameter order, without the <see cref="CancellationToken"/>: the
    /// receiving side supplies its own token. The generated <see cref="RequestReader"/> of the method reads it back.
    /// </summary>
    void WriteArguments(Utf8JsonWriter writer, JsonSerializerOptions options);

    /// <summary>Writes the result of a successful <paramref name="response"/> to this call as one JSON value.</summary>
    void WriteResult(Utf8JsonWriter writer, Response response, JsonSerializerOptions options);

    /// <summary>Reads a result written by <see cref="WriteResult"/>, the reader on its first token.</summary>
    Response ReadResult(ref Utf8JsonReader reader, JsonSerializerOptions options);
}
