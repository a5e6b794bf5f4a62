using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Messaging;

/// <summary>
/// Turns a call on a grain reference into a message: copies the arguments, sets the deadline and call chain,
/// registers the caller's completion, and hands the message to the router.
/// </summary>
internal sealed class RuntimeClient(IMessageRouter router, InFlightCalls inFlight, TimeProvider timeProvider, IOptions<SiloOptions> options)
    : IGrainCallInvoker
{
    private readonly TimeSpan _defaultTimeout = options.Value.ResponseTimeout;
    private long _nextMessageId;

    public ValueTask<TResult> InvokeAsync<TResult>(GrainReference target, Request<TResult> request)
    {
        var completion = new CallCompletion<TResult>(inFlight);

        // The grain gets its own copy of every mutable argument: the caller may change its objects once the call is sent.
        var message = new Message(
            Interlocked.Increment(ref _nextMessageId),
            target.GrainId,
            request.DeepCopy(),
            completion,
            CallContext.Current,
            Deadline(request.Method.ResponseTimeout ?? _defaultTimeout));

        completion.Attach(message);
        inFlight.Add(completion);
        completion.ObserveCancellation(request.CancellationToken);
        router.Send(message);
        return completion.Task;
    }

    private long Deadline(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return long.MaxValue;
        }

        return timeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * timeProvider.TimestampFrequency);
    }
}
