namespace Beach.Actors.Invocation;

/// <summary>
/// One method call as data: the method and its arguments. Generated for every grain interface method;
/// the runtime invokes it on the target activation without reflection.
/// </summary>
public interface IInvokable
{
    /// <summary>The method this call invokes.</summary>
    MethodDescriptor Method { get; }

    /// <summary>Whether the method takes a <see cref="CancellationToken"/>.</summary>
    bool HasCancellationToken { get; }

    /// <summary>
    /// The token passed to the method. The caller's token on the calling side; the runtime replaces it with the
    /// callee's own token (cancelled when the caller cancels or the deadline passes) before invoking.
    /// </summary>
    CancellationToken CancellationToken { get; set; }

    /// <summary>Invokes the method on <paramref name="grain"/> and wraps its outcome, never throwing.</summary>
    ValueTask<Response> InvokeAsync(object grain);

    /// <summary>A copy whose arguments the caller can no longer change.</summary>
    IInvokable DeepCopy();
}
