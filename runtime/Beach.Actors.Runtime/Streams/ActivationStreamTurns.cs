using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Catalog;
using Beach.Actors.Runtime.Messaging;

namespace Beach.Actors.Runtime.Streams;

/// <summary>
/// Runs a grain subscription's deliveries as turns of its activation, queued like any request, so the grain's observer
/// never runs beside its other turns. A delivery queued when the activation goes away is cancelled, not left waiting.
/// </summary>
internal sealed class ActivationStreamTurns(ActivationData activation)
{
    private readonly Lock _lock = new();
    private StreamTurn? _current;
    private Action? _bound;
    private bool _stopped;

    /// <summary>Ties the subscription to the activation, so that <paramref name="close"/> runs when it deactivates.</summary>
    public bool TryBind(Action close)
    {
        if (!activation.TryBindStreamSubscription(close))
        {
            return false;
        }

        lock (_lock)
        {
            _bound = close;
        }

        return true;
    }

    public Task RunAsync(Func<Task> delivery)
    {
        var turn = new StreamTurn(delivery);
        lock (_lock)
        {
            if (_stopped)
            {
                return Task.FromCanceled(new CancellationToken(canceled: true));
            }

            _current = turn;
        }

        activation.Enqueue(new Message(0, activation.GrainId, turn, turn, chain: null, long.MaxValue) { IsBoundToActivation = true });
        return turn.Completion;
    }

    /// <summary>The activation is deactivating or the subscription ended: a delivery still waiting for its turn is cancelled.</summary>
    public void Stop()
    {
        StreamTurn? current;
        Action? bound;
        lock (_lock)
        {
            _stopped = true;
            current = _current;
            _current = null;
            bound = _bound;
            _bound = null;
        }

        current?.Cancel();
        if (bound is not null)
        {
            // Ended before its activation: the activation need not keep it.
            activation.UnbindStreamSubscription(bound);
        }
    }

    /// <summary>One delivery as a request, so that it goes through the activation's queue like any call.</summary>
    private sealed class StreamTurn(Func<Task> delivery) : IInvokable, IResponseSink
    {
        private static readonly MethodDescriptor s_delivery = new("Stream", "Deliver", InvokeMethodOptions.None);

        private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Completion => _completion.Task;

        public MethodDescriptor Method => s_delivery;

        public bool HasCancellationToken => false;

        public CancellationToken CancellationToken { get; set; }

        public ValueTask<Response> InvokeAsync(object grain)
        {
            Task pending;
            try
            {
                pending = delivery();
            }
            catch (Exception exception)
            {
                return new ValueTask<Response>(Response.FromException(exception));
            }

            return pending.IsCompletedSuccessfully ? new ValueTask<Response>(Response.FromResult(default(VoidResult))) : AwaitAsync(pending);
        }

        public IInvokable DeepCopy() => this;

        public void Complete(Response response)
        {
            if (response.Exception is { } exception)
            {
                _completion.TrySetException(exception);
            }
            else
            {
                _completion.TrySetResult();
            }
        }

        public void Cancel() => _completion.TrySetCanceled();

        private static async ValueTask<Response> AwaitAsync(Task pending)
        {
            try
            {
                await pending;
                return Response.FromResult(default(VoidResult));
            }
            catch (Exception exception)
            {
                return Response.FromException(exception);
            }
        }
    }
}
