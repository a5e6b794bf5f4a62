using System.Text.Json;

namespace Beach.Actors.Invocation;

/// <summary>The base of every generated request whose method answers a <typeparamref name="TResult"/>.</summary>
public abstract class Request<TResult> : IWireInvokable
{
    /// <summary>Shared by every void call: the outcome carries nothing, so one instance serves them all.</summary>
    private static readonly Response? s_voidResponse = typeof(TResult) == typeof(VoidResult) ? new Response<TResult>(default!) : null;

    /// <inheritdoc />
    public abstract MethodDescriptor Method { get; }

    /// <inheritdoc />
    public virtual bool HasCancellationToken => false;

    /// <inheritdoc />
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Calls the grain method with the stored arguments.</summary>
    protected abstract ValueTask<TResult> InvokeCore(object grain);

    /// <summary>A copy of this request with each argument deep-copied (immutable ones shared).</summary>
    public abstract Request<TResult> DeepCopy();

    IInvokable IInvokable.DeepCopy() => DeepCopy();

    /// <inheritdoc />
    public abstract void WriteArguments(Utf8JsonWriter writer, JsonSerializerOptions options);

    /// <inheritdoc />
    public void WriteResult(Utf8JsonWriter writer, Response response, JsonSerializerOptions options)
    {
        if (response is not Response<TResult> result)
        {
            throw new ArgumentException($"{Method} answers {typeof(TResult)}; a {response.GetType()} has no such result.", nameof(response));
        }

        if (typeof(TResult) == typeof(VoidResult))
        {
            writer.WriteNullValue();
            return;
        }

        JsonSerializer.Serialize(writer, result.Result, options);
    }

    /// <inheritdoc />
    public Response ReadResult(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        if (s_voidResponse is not null)
        {
            reader.Skip();
            return s_voidResponse;
        }

        return new Response<TResult>(JsonSerializer.Deserialize<TResult>(ref reader, options)!);
    }

    /// <inheritdoc />
    public ValueTask<Response> InvokeAsync(object grain)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = InvokeCore(grain);
        }
        catch (Exception exception)
        {
            return new ValueTask<Response>(Response.FromException(exception));
        }

        if (pending.IsCompletedSuccessfully)
        {
            return new ValueTask<Response>(s_voidResponse ?? Response.FromResult(pending.Result));
        }

        return AwaitResponse(pending);
    }

    private static async ValueTask<Response> AwaitResponse(ValueTask<TResult> pending)
    {
        try
        {
            var result = await pending;
            return s_voidResponse ?? Response.FromResult(result);
        }
        catch (Exception exception)
        {
            return Response.FromException(exception);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Method.ToString();
}
