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
}
