using System.Runtime.ExceptionServices;
using Beach.Actors.Invocation;

namespace Beach.Actors.CodeGen.Tests.Support;

/// <summary>
/// Delivers each request to one plain object, copying it first as the runtime does, so that a test sees exactly
/// what a grain would receive.
/// </summary>
internal sealed class DirectCallInvoker(object target) : IGrainCallInvoker
{
    public List<IInvokable> Sent { get; } = [];

    public async ValueTask<TResult> InvokeAsync<TResult>(GrainReference targetReference, Request<TResult> request)
    {
        Sent.Add(request);
        var response = await request.DeepCopy().InvokeAsync(target);
        if (response.Exception is { } exception)
        {
            ExceptionDispatchInfo.Throw(exception);
        }

        return ((Response<TResult>)response).Result;
    }
}
