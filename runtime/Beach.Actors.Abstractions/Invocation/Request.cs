namespace Beach.Actors.Invocation;

/// <summary>The base of every generated request whose method answers a <typeparamref name="TResult"/>.</summary>
public abstract class Request<TResult> : IInvokable
{
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
            return new ValueTask<Response>(Response.FromResult(pending.Result));
        }

        return AwaitResponse(pending);
    }

    private static async ValueTask<Response> AwaitResponse(ValueTask<TResult> pending)
    {
        try
        {
            return Response.FromResult(await pending);
        }
        catch (Exception exception)
        {
            return Response.FromException(exception);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Method.ToString();
}
