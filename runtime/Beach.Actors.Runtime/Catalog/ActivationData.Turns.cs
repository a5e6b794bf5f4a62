using Beach.Actors.Invocation;
using Beach.Actors.Persistence;
using Beach.Actors.Runtime.Messaging;

namespace Beach.Actors.Runtime.Catalog;

/// <summary>How requests, activation and deactivation run as turns, and what happens when each ends.</summary>
internal sealed partial class ActivationData
{
    private void RunRequest(Message message)
    {
        if (message.IsCancelled)
        {
            CompleteRequest(message, Cancelled(message));
            return;
        }

        var now = _shared.TimeProvider.GetTimestamp();
        if (message.DeadlineTimestamp <= now)
        {
            // The caller has already been told the outcome is unknown; running it now would surprise it.
            CompleteRequest(message, Response.FromException(new GrainCallTimeoutException(
                $"{message.Body.Method} on {GrainId} expired in the queue before it ran.")));
            return;
        }

        var body = message.Body;
        var callerChain = CallContext.Current;
        ValueTask<Response> pending;
        try
        {
            if (body.HasCancellationToken)
            {
                body.CancellationToken = message.CreateCalleeToken(_shared.TimeProvider, _shared.TimeProvider.GetElapsedTime(now, message.DeadlineTimestamp));
            }

            CallContext.Current = new CallChain(GrainId, message.Chain);
            pending = body.InvokeAsync(_grain!);
        }
        catch (Exception unexpected)
        {
            // The grain's own failures arrive inside the response; this is the runtime failing before the grain ran.
            // Nothing may escape onto the thread pool: it would end the process and leave the turn open.
            _shared.Log.TurnFailed(GrainId, unexpected);
            pending = new ValueTask<Response>(Response.FromException(unexpected));
        }
        finally
        {
            CallContext.Current = callerChain;
        }

        if (pending.IsCompleted)
        {
            CompleteRequest(message, pending.Result);
        }
        else
        {
            // The await inside the request captured this activation's context, so this continuation is a turn too.
            var awaiter = pending.GetAwaiter();
            awaiter.UnsafeOnCompleted(() => CompleteRequest(message, awaiter.GetResult()));
        }
    }

    private void CompleteRequest(Message message, Response response)
    {
        try
        {
            // Copied here, inside the turn, before the grain's code can touch the object again.
            response = response.DeepCopy();
        }
        catch (Exception copyFailure)
        {
            response = Response.FromException(new InvalidOperationException(
                $"The result of {message.Body.Method} could not be copied to the caller: {copyFailure.Message} Mark the result type [Immutable] or make it copyable.",
                copyFailure));
        }

        lock (_gate)
        {
            EndTurn(!message.IsReadOnly, message.CountsAsActivity);
        }

        if (response.Exception is InconsistentStateException)
        {
            // The state this activation holds is stale: the next call must read it afresh.
            Deactivate(DeactivationReason.InconsistentState);
        }

        RespondOutsideTurn(message, response);
    }

    private void RunActivation() => RunLifecycleStep(ActivateAsync, CompleteActivation);

    /// <summary>
    /// Runs activation or deactivation as a turn: in a call chain of its own, so a cycle it starts is detected, and
    /// completed when its task ends (at once, or as a continuation on this activation).
    /// </summary>
    private void RunLifecycleStep(Func<Task> start, Action<Task> complete)
    {
        var callerChain = CallContext.Current;
        CallContext.Current = new CallChain(GrainId, null);
        Task step;
        try
        {
            step = start();
        }
        catch (Exception exception)
        {
            step = Task.FromException(exception);
        }
        finally
        {
            CallContext.Current = callerChain;
        }

        if (step.IsCompleted)
        {
            complete(step);
        }
        else
        {
            step.GetAwaiter().UnsafeOnCompleted(() => complete(step));
        }
    }

    private async Task ActivateAsync()
    {
        if (await _shared.Directory.RegisterAsync(GrainId, ActivationId) is { } winner)
        {
            throw new GrainDirectory.DuplicateActivationException(GrainId, winner);
        }

        _grain = GrainActivationScope.Construct<Grain>(this, () => _descriptor.Create(new GrainActivationContext(this, _shared.Services)));
        if (_states is not null)
        {
            foreach (var state in _states)
            {
                await state.ReadAsync(CancellationToken.None);
            }
        }

        await _grain.OnActivateAsync(CancellationToken.None);
    }

    private void CompleteActivation(Task activation)
    {
        if (activation.IsCompletedSuccessfully)
        {
            lock (_gate)
            {
                _status = ActivationStatus.Valid;
                EndTurn(isWriter: true, countsAsActivity: true);
            }

            _shared.Statistics.OnActivated();
            return;
        }

        var cause = activation.Exception!.InnerException ?? activation.Exception;
        _shared.Catalog.Remove(this);
        if (cause is GrainDirectory.DuplicateActivationException)
        {
            // Another silo's activation won: this one never ran grain code, and its messages go to the winner.
            foreach (var message in Invalidate())
            {
                _shared.Router.Forward(message);
            }

            return;
        }

        _shared.Log.ActivationFailed(GrainId, cause);
        var failure = new InvalidOperationException($"Activating {GrainId} failed: {cause.Message}", cause);
        foreach (var message in Invalidate())
        {
            RespondOutsideTurn(message, Response.FromException(failure));
        }
    }

    private void RunDeactivation(DeactivationReason reason)
    {
        StopTimers();
        CloseStreamSubscriptions();
        RunLifecycleStep(
            () => _grain is null ? Task.CompletedTask : _grain.OnDeactivateAsync(reason, CancellationToken.None),
            deactivation => CompleteDeactivation(deactivation, reason));
    }

    private void CompleteDeactivation(Task deactivation, DeactivationReason reason)
    {
        if (deactivation.IsFaulted)
        {
            _shared.Log.DeactivationFailed(GrainId, deactivation.Exception!.InnerException ?? deactivation.Exception);
        }

        // Leave the catalog first: whatever arrives from now on creates the next activation.
        _shared.Catalog.Remove(this);
        Unregister();
        var pending = Invalidate();
        _shared.Statistics.OnDeactivated(reason);
        foreach (var message in pending)
        {
            if (message.IsCancelled)
            {
                RespondOutsideTurn(message, Cancelled(message));
            }
            else if (!message.IsBoundToActivation)
            {
                _shared.Router.Forward(message);
            }
        }
    }

    /// <summary>Tells the directory this activation is gone; a failure only delays the entry's cleanup.</summary>
    private void Unregister()
    {
        var pending = _shared.Directory.UnregisterAsync(GrainId, ActivationId);
        if (!pending.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(pending, GrainId, _shared.Log);
        }

        static async Task ObserveAsync(ValueTask pending, GrainId grain, Hosting.RuntimeLog log)
        {
            try
            {
                await pending.ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                log.UnregisterFailed(grain, exception);
            }
        }
    }

    /// <summary>Marks the activation gone and hands back the requests that never ran.</summary>
    private List<Message> Invalidate()
    {
        var pending = new List<Message>();
        lock (_gate)
        {
            _status = ActivationStatus.Invalid;
            _running = 0;
            _runningWriters = 0;
            _deactivationRequest = null;
            while (_interleaving is { Count: > 0 })
            {
                pending.Add(_interleaving.Dequeue());
            }

            while (_waiting is { Count: > 0 })
            {
                pending.Add(_waiting.Dequeue());
            }

            _interleaving = null;
            _waiting = null;
        }

        return pending;
    }

    private void StopTimers()
    {
        List<Timers.GrainTimer>? timers;
        lock (_gate)
        {
            timers = _timers;
            _timers = null;
        }

        if (timers is not null)
        {
            foreach (var timer in timers)
            {
                timer.Stop();
            }
        }
    }

    private void CloseStreamSubscriptions()
    {
        List<Action>? subscriptions;
        lock (_gate)
        {
            subscriptions = _streamSubscriptions;
            _streamSubscriptions = null;
        }

        if (subscriptions is not null)
        {
            foreach (var close in subscriptions)
            {
                close();
            }
        }
    }

    private static Response Cancelled(Message message)
        => Response.FromException(new OperationCanceledException($"The caller cancelled {message.Body.Method}."));

    /// <summary>
    /// Completes the caller with this activation's context removed from the thread, so a caller continuing inline
    /// does not run as if it were this grain.
    /// </summary>
    private static void RespondOutsideTurn(Message message, Response response)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            message.Respond(response);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }
}
