namespace Beach.Actors.Invocation;

/// <summary>Sends a request to the grain a reference names, wherever it lives. Implemented by the runtime.</summary>
public interface IGrainCallInvoker
{
    /// <summary>Sends <paramref name="request"/> to <paramref name="target"/> and completes with its result.</summary>
    ValueTask<TResult> InvokeAsync<TResult>(GrainReference target, Request<TResult> request);
}
