namespace Beach.Actors.Invocation;

/// <summary>The outcome of one call: a result or an exception.</summary>
public abstract class Response
{
    /// <summary>The exception the method threw, or null.</summary>
    public abstract Exception? Exception { get; }

    /// <summary>A successful outcome.</summary>
    public static Response FromResult<TResult>(TResult result) => new Response<TResult>(result);

    /// <summary>A failed outcome.</summary>
    public static Response FromException(Exception exception) => new ExceptionResponse(exception);

    /// <summary>This outcome with its result copied, so the caller never shares a mutable object with the grain.</summary>
    public virtual Response DeepCopy() => this;

    private sealed class ExceptionResponse(Exception exception) : Response
    {
        public override Exception? Exception { get; } = exception;
    }
}

/// <summary>A successful outcome carrying a <typeparamref name="TResult"/>.</summary>
public sealed class Response<TResult>(TResult result) : Response
{
    /// <summary>The method's result.</summary>
    public TResult Result { get; } = result;

    /// <inheritdoc />
    public override Exception? Exception => null;

    /// <inheritdoc />
    public override Response DeepCopy()
    {
        var copy = Copying.DeepCopier.Copy(Result);
        return ReferenceEquals(copy, Result) ? this : new Response<TResult>(copy);
    }
}
