namespace Beach.Actors.Invocation;

/// <summary>
/// The base of every generated grain reference. A reference is an immutable address: it may be copied, passed in
/// calls and compared; it never knows where its grain lives.
/// </summary>
[Immutable]
public abstract class GrainReference(GrainId grainId, IGrainCallInvoker invoker) : IEquatable<GrainReference>
{
    /// <summary>The grain this reference addresses.</summary>
    public GrainId GrainId { get; } = grainId;

    /// <summary>Sends a request and completes with its result.</summary>
    protected ValueTask<TResult> InvokeAsync<TResult>(Request<TResult> request) => invoker.InvokeAsync(this, request);

    /// <summary>Sends a request of a method that returns <see cref="Task"/>.</summary>
    protected Task InvokeVoidAsTask(Request<VoidResult> request)
    {
        var pending = invoker.InvokeAsync(this, request);
        return pending.IsCompletedSuccessfully ? Task.CompletedTask : pending.AsTask();
    }

    /// <summary>Sends a request of a method that returns <see cref="ValueTask"/>.</summary>
    protected ValueTask InvokeVoidAsValueTask(Request<VoidResult> request)
    {
        var pending = invoker.InvokeAsync(this, request);
        return pending.IsCompletedSuccessfully ? default : new ValueTask(pending.AsTask());
    }

    /// <summary>References are equal when they address the same grain.</summary>
    public bool Equals(GrainReference? other) => other is not null && other.GrainId == GrainId;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => GrainId.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => GrainId.ToString();
}
