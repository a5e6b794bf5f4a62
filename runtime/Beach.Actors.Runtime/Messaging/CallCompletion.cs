using System.Threading.Tasks.Sources;
using Beach.Actors.Invocation;

namespace Beach.Actors.Runtime.Messaging;

/// <summary>The caller's side of one call: what it awaits. Completed once, by a response, a timeout or a cancellation.</summary>
internal interface ICallCompletion
{
    long MessageId { get; }

    long DeadlineTimestamp { get; }

    void Fail(Exception exception);
}

/// <summary>
/// Awaited by the caller as a <see cref="ValueTask{TResult}"/>. Continuations run inline on the completing thread
/// unless the caller awaited inside a grain turn, whose own context then schedules them.
/// </summary>
internal sealed class CallCompletion<TResult> : IValueTaskSource<TResult>, IResponseSink, ICallCompletion
{
    private const int PENDING = 0;
    private const int DONE = 1;

    private readonly InFlightCalls _inFlight;
    private ManualResetValueTaskSourceCore<TResult> _core;
    private CancellationTokenRegistration _cancellation;
    private Message? _message;
    private int _state;

    public CallCompletion(InFlightCalls inFlight)
    {
        _inFlight = inFlight;
    }

    public long MessageId => _message!.Id;

    public long DeadlineTimestamp => _message!.DeadlineTimestamp;

    public ValueTask<TResult> Task => new(this, _core.Version);

    public void Attach(Message message) => _message = message;

    /// <summary>Call after the call is in flight: an already-cancelled token completes it at once.</summary>
    public void ObserveCancellation(CancellationToken callerToken)
    {
        if (callerToken.CanBeCanceled)
        {
            _cancellation = callerToken.UnsafeRegister(static (state, token) => ((CallCompletion<TResult>)state!).OnCallerCancelled(token), this);
        }
    }

    public void Complete(Response response)
    {
        if (Interlocked.Exchange(ref _state, DONE) != PENDING)
        {
            return;
        }

        Finish();
        if (response.Exception is { } exception)
        {
            _core.SetException(exception);
        }
        else
        {
            // The callee copied the result before it left the activation (see ActivationData.CompleteRequest).
            _core.SetResult(((Response<TResult>)response).Result);
        }
    }

    public void Fail(Exception exception)
    {
        if (Interlocked.Exchange(ref _state, DONE) != PENDING)
        {
            return;
        }

        Finish();
        _message?.CancelCallee();
        _core.SetException(exception);
    }

    private void OnCallerCancelled(CancellationToken token) => Fail(new OperationCanceledException(token));

    private void Finish()
    {
        _cancellation.Dispose();
        if (_message is not null)
        {
            _inFlight.Remove(_message.Id);
        }
    }

    TResult IValueTaskSource<TResult>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<TResult>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<TResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}
