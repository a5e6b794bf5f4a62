using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using Beach.Actors.Cluster;
using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Registry;

namespace Beach.Actors.Runtime.Messaging.Wire;

/// <summary>
/// Turns a grain call and its outcome into a payload between silos and back (the layout is in <see cref="WireNames"/>).
/// Writing needs nothing but the call; reading a request needs the registry, which knows each method's reader by id,
/// and reading a response needs the pending call's request, which knows its result type.
/// </summary>
internal sealed class MessageCodec(GrainTypeRegistry registry)
{
    /// <summary>A chain is as long as a call's nesting; one longer than this is corrupt, not deep.</summary>
    private const int MAX_CHAIN_LENGTH = 256;

    /// <summary>Method ids up to this length are looked up from the stack, without allocating a string.</summary>
    private const int MAX_STACK_METHOD_ID_CHARS = 512;

    private static readonly JsonReaderOptions s_readerOptions = new() { CommentHandling = JsonCommentHandling.Disallow };

    private static ReadOnlySpan<byte> NoArguments => "null"u8;

    /// <summary>
    /// Writes a request into <paramref name="output"/>. Throws <see cref="WireFormatException"/>, leaving the output
    /// untouched, when the call is not a generated request or an argument cannot be serialized. The timeout is how long
    /// the caller waits; null (or <see cref="Timeout.InfiniteTimeSpan"/>) for forever.
    /// </summary>
    public static void WriteRequest(IBufferWriter<byte> output, long messageId, GrainId target, IInvokable body, CallChain? chain, TimeSpan? timeout)
    {
        if (body is not IWireInvokable wire)
        {
            throw new WireFormatException($"{body.Method} cannot be sent to another silo: {body.GetType().Name} is not a generated request.");
        }

        var payload = PayloadWriter.Rent();
        try
        {
            payload.Start();
            WriteMessageId(payload, messageId);
            var json = payload.Json;
            json.WriteStartObject();
            json.WriteString(WireNames.Method, body.Method.Id);
            json.WritePropertyName(WireNames.Target);
            WriteGrainId(json, target);
            if (chain is not null)
            {
                json.WriteStartArray(WireNames.Chain);
                for (var node = chain; node is not null; node = node.Parent)
                {
                    WriteGrainId(json, node.GrainId);
                }

                json.WriteEndArray();
            }

            if (timeout is { } finite && finite != Timeout.InfiniteTimeSpan)
            {
                json.WriteNumber(WireNames.Timeout, finite.Ticks);
            }

            json.WritePropertyName(WireNames.Arguments);
            wire.WriteArguments(json, WireSerialization.Options);
            json.WriteEndObject();
            payload.CopyTo(output);
        }
        catch (Exception exception) when (exception is not WireFormatException)
        {
            throw new WireFormatException($"A call to {body.Method} cannot be written: {exception.Message}", exception);
        }
        finally
        {
            payload.Return();
        }
    }

    /// <summary>
    /// Reads a request. Throws <see cref="WireFormatException"/> naming the problem when the payload is truncated or
    /// malformed, names a method this silo does not know, or lacks the method or the target.
    /// </summary>
    public WireRequest ReadRequest(ReadOnlySequence<byte> payload)
    {
        var messageId = ReadMessageId(payload);
        var reader = new Utf8JsonReader(payload.Slice(WireNames.MESSAGE_ID_BYTES), s_readerOptions);
        try
        {
            BeginObject(ref reader);
            RequestReader? read = null;
            GrainId target = default;
            CallChain? chain = null;
            TimeSpan? timeout = null;
            IInvokable? body = null;
            var arguments = default(Utf8JsonReader);
            var argumentsAhead = false;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals(WireNames.Method.EncodedUtf8Bytes))
                {
                    reader.Read();
                    read = FindMethod(ref reader, messageId);
                }
                else if (reader.ValueTextEquals(WireNames.Target.EncodedUtf8Bytes))
                {
                    reader.Read();
                    target = ReadGrainId(ref reader);
                }
                else if (reader.ValueTextEquals(WireNames.Chain.EncodedUtf8Bytes))
                {
                    reader.Read();
                    chain = ReadChain(ref reader);
                }
                else if (reader.ValueTextEquals(WireNames.Timeout.EncodedUtf8Bytes))
                {
                    reader.Read();
                    timeout = reader.TokenType == JsonTokenType.Null ? null : TimeSpan.FromTicks(reader.GetInt64());
                }
                else if (reader.ValueTextEquals(WireNames.Arguments.EncodedUtf8Bytes))
                {
                    reader.Read();
                    if (read is not null)
                    {
                        body = read(ref reader, WireSerialization.Options);
                    }
                    else
                    {
                        // A writer may put the arguments before the method: come back to them once it is known.
                        arguments = reader;
                        argumentsAhead = true;
                        reader.Skip();
                    }
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            EndPayload(ref reader);
            if (read is null)
            {
                throw new WireFormatException($"Request {messageId} names no method (field \"m\").");
            }

            if (target.IsDefault)
            {
                throw new WireFormatException($"Request {messageId} names no target grain (field \"g\").");
            }

            if (body is null)
            {
                if (!argumentsAhead)
                {
                    arguments = new Utf8JsonReader(NoArguments);
                    arguments.Read();
                }

                body = read(ref arguments, WireSerialization.Options);
            }

            return new WireRequest(messageId, target, body, chain, timeout);
        }
        catch (Exception exception) when (exception is not WireFormatException)
        {
            throw Malformed("Request", messageId, exception);
        }
    }

    /// <summary>
    /// Writes the outcome of <paramref name="request"/>: its result through the request's own typed writer, or its
    /// exception through <see cref="ExceptionCodec"/>. A result that cannot be serialized is answered, instead, with
    /// a <see cref="WireFormatException"/> saying so; this never throws for the grain's values. An exception needs no
    /// request, so a silo that could not decode a request (<paramref name="request"/> null) can still answer it.
    /// <paramref name="servedBy"/>, for a result only, tells a cluster client which silo ran the call.
    /// </summary>
    public static void WriteResponse(IBufferWriter<byte> output, long messageId, Response response, IInvokable? request, SiloAddress? servedBy = null)
    {
        var payload = PayloadWriter.Rent();
        try
        {
            try
            {
                WriteResponseCore(payload.Start(), messageId, response, request, servedBy);
            }
            catch (Exception exception) when (response.Exception is null)
            {
                var failure = new WireFormatException($"The result of {request?.Method.ToString() ?? "a call"} cannot be written: {exception.Message}", exception);
                WriteResponseCore(payload.Start(), messageId, Response.FromException(failure), request, servedBy: null);
            }

            payload.CopyTo(output);
        }
        finally
        {
            payload.Return();
        }
    }

    /// <summary>The message id a payload starts with, read before anything else so a response finds its pending call.</summary>
    public static long ReadResponseId(ReadOnlySequence<byte> payload) => ReadMessageId(payload);

    /// <summary>The message id a request or response payload starts with.</summary>
    public static long ReadMessageId(ReadOnlySequence<byte> payload)
    {
        if (payload.Length < WireNames.MESSAGE_ID_BYTES)
        {
            throw new WireFormatException($"A payload of {payload.Length} bytes is shorter than its {WireNames.MESSAGE_ID_BYTES}-byte message id.");
        }

        if (payload.FirstSpan.Length >= WireNames.MESSAGE_ID_BYTES)
        {
            return BinaryPrimitives.ReadInt64LittleEndian(payload.FirstSpan);
        }

        Span<byte> id = stackalloc byte[WireNames.MESSAGE_ID_BYTES];
        payload.Slice(0, WireNames.MESSAGE_ID_BYTES).CopyTo(id);
        return BinaryPrimitives.ReadInt64LittleEndian(id);
    }

    /// <summary>
    /// Reads the outcome of <paramref name="request"/>, typed by it. Throws <see cref="WireFormatException"/> when the
    /// payload is truncated or malformed, or carries neither a result nor an exception.
    /// </summary>
    public static Response ReadResponse(ReadOnlySequence<byte> payload, IInvokable request) => ReadResponse(payload, request, out _);

    /// <summary>
    /// Reads the outcome of <paramref name="request"/>, and the silo that ran the call when the payload names one
    /// (<paramref name="servedBy"/>; null when it does not, or the name is not a silo address).
    /// </summary>
    public static Response ReadResponse(ReadOnlySequence<byte> payload, IInvokable request, out SiloAddress? servedBy)
    {
        servedBy = null;
        var messageId = ReadMessageId(payload);
        if (request is not IWireInvokable wire)
        {
            throw new WireFormatException($"Response {messageId}: {request.Method} is not a generated request and has no wire result.");
        }

        var reader = new Utf8JsonReader(payload.Slice(WireNames.MESSAGE_ID_BYTES), s_readerOptions);
        try
        {
            BeginObject(ref reader);
            Response? response = null;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals(WireNames.Result.EncodedUtf8Bytes))
                {
                    reader.Read();
                    response = wire.ReadResult(ref reader, WireSerialization.Options);
                }
                else if (reader.ValueTextEquals(WireNames.Exception.EncodedUtf8Bytes))
                {
                    reader.Read();
                    response = Response.FromException(ExceptionCodec.Read(ref reader, WireSerialization.Options));
                }
                else if (reader.ValueTextEquals(WireNames.ServedBy.EncodedUtf8Bytes))
                {
                    reader.Read();
                    servedBy = ReadSiloHint(ref reader);
                }
                else
                {
                    SkipValue(ref reader);
                }
            }

            EndPayload(ref reader);
            return response ?? throw new WireFormatException($"Response {messageId} carries neither a result (\"r\") nor an exception (\"e\").");
        }
        catch (Exception exception) when (exception is not WireFormatException)
        {
            throw Malformed("Response", messageId, exception);
        }
    }

    private static void WriteResponseCore(PayloadWriter payload, long messageId, Response response, IInvokable? request, SiloAddress? servedBy)
    {
        WriteMessageId(payload, messageId);
        var json = payload.Json;
        json.WriteStartObject();
        if (response.Exception is { } exception)
        {
            json.WritePropertyName(WireNames.Exception);
            ExceptionCodec.Write(json, exception, WireSerialization.Options);
        }
        else if (request is IWireInvokable wire)
        {
            json.WritePropertyName(WireNames.Result);
            wire.WriteResult(json, response, WireSerialization.Options);
            if (servedBy is { } silo)
            {
                json.WriteString(WireNames.ServedBy, silo.ToString());
            }
        }
        else
        {
            throw new WireFormatException(request is null
                ? "A result cannot be written without the request it answers."
                : $"{request.Method} is not a generated request and has no wire result.");
        }

        json.WriteEndObject();
    }

    /// <summary>A hint is advice: one that is not a silo address is ignored, never a reason to fail the call it came with.</summary>
    private static SiloAddress? ReadSiloHint(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        try
        {
            return SiloAddress.Parse(reader.GetString()!);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void WriteMessageId(PayloadWriter payload, long messageId)
    {
        BinaryPrimitives.WriteInt64LittleEndian(payload.GetSpan(WireNames.MESSAGE_ID_BYTES), messageId);
        payload.Advance(WireNames.MESSAGE_ID_BYTES);
    }

    private static void WriteGrainId(Utf8JsonWriter json, GrainId grainId)
    {
        json.WriteStartArray();
        json.WriteStringValue(grainId.Type);
        json.WriteStringValue(grainId.Key);
        json.WriteEndArray();
    }

    private RequestReader FindMethod(ref Utf8JsonReader reader, long messageId)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"The method id should be a string, not {reader.TokenType}.");
        }

        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length <= MAX_STACK_METHOD_ID_CHARS)
        {
            Span<char> chars = stackalloc char[MAX_STACK_METHOD_ID_CHARS];
            var methodId = chars[..reader.CopyString(chars)];
            return registry.TryGetMethodReader(methodId, out var read) ? read : throw UnknownMethod(messageId, new string(methodId));
        }

        var longId = reader.GetString()!;
        return registry.TryGetMethodReader(longId, out var longRead) ? longRead : throw UnknownMethod(messageId, longId);
    }

    private static WireFormatException UnknownMethod(long messageId, string methodId)
        => new($"Request {messageId} calls the method '{methodId}', which this silo does not know. " +
               "Is the assembly of its grain interface deployed here, built with the same interface?");

    private static GrainId ReadGrainId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"A grain id should be [type, key], not {reader.TokenType}.");
        }

        var type = ReadString(ref reader, "grain type");
        var key = ReadString(ref reader, "grain key");
        while (RequestArguments.Next(ref reader))
        {
            reader.Skip();
        }

        return new GrainId(type, key);
    }

    private static string ReadString(ref Utf8JsonReader reader, string what)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"The {what} should be a string, not {reader.TokenType}.");
        }

        return reader.GetString()!;
    }

    private static CallChain? ReadChain(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.StartArray => ReadChainFrom(ref reader, 0),
        _ => throw new JsonException($"The call chain should be an array, not {reader.TokenType}."),
    };

    /// <summary>The wire lists the chain newest first, each node's parent after it: the rest of the array is the parent.</summary>
    private static CallChain? ReadChainFrom(ref Utf8JsonReader reader, int depth)
    {
        if (!RequestArguments.Next(ref reader))
        {
            return null;
        }

        if (depth == MAX_CHAIN_LENGTH)
        {
            throw new WireFormatException($"The call chain is longer than {MAX_CHAIN_LENGTH} grains.");
        }

        var grainId = ReadGrainId(ref reader);
        return new CallChain(grainId, ReadChainFrom(ref reader, depth + 1));
    }

    internal static void BeginObject(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new WireFormatException("The payload ends after its message id.");
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"The body should be a JSON object, not {reader.TokenType}.");
        }
    }

    /// <summary>Moves to the object's next property name; false at its end.</summary>
    internal static bool NextProperty(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The body ends before its object closes.");
        }

        return reader.TokenType switch
        {
            JsonTokenType.PropertyName => true,
            JsonTokenType.EndObject => false,
            _ => throw new JsonException($"Expected a property name, not {reader.TokenType}."),
        };
    }

    /// <summary>Nothing may follow the body: trailing bytes mean the frame was cut or joined wrongly.</summary>
    private static void EndPayload(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException($"The body is followed by {reader.TokenType}.");
        }
    }

    /// <summary>Skips the value of a property this version does not know: the version tolerance of the format.</summary>
    internal static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static WireFormatException Malformed(string what, long messageId, Exception exception)
        => new($"{what} {messageId} is malformed or truncated: {exception.Message}", exception);
}
