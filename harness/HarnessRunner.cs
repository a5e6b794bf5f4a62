namespace Beach.Actors.Harness;

/// <summary>
/// The sidecar's life: start the target, register the session, then heartbeat and take actions until the target
/// exits or the harness is stopped. Calls that fail for a passing reason (the control plane restarting, overload)
/// are retried with doubling backoff; each batch of actions is applied in order, then acked in one call.
/// </summary>
internal sealed class HarnessRunner(HarnessOptions options, TextWriter log, HttpMessageHandler? handler = null)
{
    private readonly FencingGuard _guard = new();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await using var target = ChildProcessTarget.Start(options.Command);
        using var api = new ControlPlaneApi(options, handler);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await RetryAsync(() => api.RegisterAsync(options, stop.Token), "register", stop.Token);
        await RetryAsync(() => api.HeartbeatAsync("ok", stop.Token), "heartbeat", stop.Token);
        await log.WriteLineAsync($"harness: session '{options.SessionId}' registered at {options.Url}; target pid {target.ProcessId}.");

        var heartbeats = HeartbeatAsync(api, stop.Token);
        var actions = TakeActionsAsync(api, new ActionApplier(target), stop.Token);
        var finished = await Task.WhenAny(heartbeats, actions, target.Exited);
        await stop.CancelAsync();
        await Quietly(heartbeats);
        await Quietly(actions);
        if (finished == target.Exited)
        {
            await log.WriteLineAsync($"harness: the target exited with {await target.Exited}; stopping.");
            return await target.Exited;
        }

        // A loop that ended by itself failed for good (a refusal that retrying cannot fix): surface it.
        await finished;
        return 0;
    }

    private async Task HeartbeatAsync(ControlPlaneApi api, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await RetryAsync(() => api.HeartbeatAsync("ok", cancellationToken), "heartbeat", cancellationToken);
        }
    }

    private async Task TakeActionsAsync(ControlPlaneApi api, ActionApplier applier, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<HarnessAction> batch = [];
            await RetryAsync(async () => batch = await api.PollAsync(options.PollTimeout, options.PollMax, cancellationToken), "poll", cancellationToken);
            if (batch.Count == 0)
            {
                continue;
            }

            var acks = new List<HarnessAck>(batch.Count);
            foreach (var action in batch)
            {
                acks.Add(await JudgeAndApplyAsync(action, applier, cancellationToken));
            }

            await applier.FlushAsync(cancellationToken);
            await RetryAsync(() => api.AckAsync(acks, cancellationToken), "ack", cancellationToken);
        }
    }

    private async Task<HarnessAck> JudgeAndApplyAsync(HarnessAction action, ActionApplier applier, CancellationToken cancellationToken)
    {
        switch (_guard.Judge(action))
        {
            case FencingGuard.Verdict.Stale:
                await log.WriteLineAsync($"harness: refused action {action.Seq}: fencing token {action.FencingToken} is below {_guard.HighestFencingToken}.");
                return HarnessAck.Rejected(action.Seq, $"stale fencing token {action.FencingToken}: this harness has seen {_guard.HighestFencingToken}.");
            case FencingGuard.Verdict.AlreadyApplied:
                return HarnessAck.Ok(action.Seq);
            default:
                var ack = await applier.ApplyAsync(action, cancellationToken);
                _guard.Applied(action.Seq);
                return ack;
        }
    }

    private async Task RetryAsync(Func<Task> call, string what, CancellationToken cancellationToken)
    {
        var backoff = options.RetryBackoff;
        while (true)
        {
            try
            {
                await call();
                return;
            }
            catch (Exception failure) when (!cancellationToken.IsCancellationRequested && IsPassing(failure))
            {
                var wait = failure is ControlPlaneException { RetryAfter: { } after } ? after : backoff;
                await log.WriteLineAsync($"harness: {what} failed ({failure.Message}); retrying in {wait.TotalMilliseconds:0} ms.");
                await Task.Delay(wait, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.MaxRetryBackoff.Ticks));
            }
        }
    }

    private static bool IsPassing(Exception failure)
        => failure is HttpRequestException or TaskCanceledException { InnerException: TimeoutException } or ControlPlaneException { IsTransient: true };

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
