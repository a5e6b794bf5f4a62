using System.Text.Json;
using Beach.Actors.Cluster;
using Beach.Actors.Runtime.Messaging.Wire;
using Beach.Actors.Streams;

namespace Beach.Actors.Runtime.Streams.Cluster;

/// <summary>What <see cref="ClusterStreams"/> needs of a mirror whatever its item type.</summary>
internal abstract class StreamMirror
{
    /// <summary>Keeps the mirror pulling; false when it has just stopped (make a new one).</summary>
    public abstract bool TryKeep();

    /// <summary>Completes at the first answer of the home, or after the first-sync timeout.</summary>
    public abstract Task WhenSyncedAsync();
}

/// <summary>
/// This process's copy of a stream homed elsewhere (or here: the home keeps payloads, the mirror the items): one pull
/// loop per stream, however many local subscribers, that asks the home for the events after its last token and
/// republishes them into the local stream state with the home's tokens. Local subscriptions then resume, replay and
/// overflow exactly as on a single node. When the home answers in another epoch (the home moved, or restarted) or with
/// a hole (the mirror fell behind retention, or events were lost on their way to the home), the local stream restarts
/// and each subscriber is told a gap at its place in its queue. The loop stops once no one has subscribed for the
/// linger time.
/// </summary>
internal sealed class StreamMirror<T>(ClusterStreams owner, LocalStreamHub hub, StreamId stream) : StreamMirror
{
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private bool _running;
    private bool _stopped;
    private long _wantedAt;
    private StreamState<T>? _state;
    private bool _stateSynced;
    private SiloAddress? _redirect;

    public override bool TryKeep()
    {
        lock (_lock)
        {
            if (_stopped)
            {
                return false;
            }

            _wantedAt = owner.TimeProvider.GetTimestamp();
            if (!_running)
            {
                _running = true;
                _ = Task.Run(RunAsync);
            }

            return true;
        }
    }

    public override async Task WhenSyncedAsync()
    {
        try
        {
            await _synced.Task.WaitAsync(owner.Options.FirstSyncTimeout, owner.TimeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The home did not answer in time: subscribe anyway; its first answer will tell the subscriber a gap.
        }
    }

    private async Task RunAsync()
    {
        var stopping = owner.Stopping;
        while (!stopping.IsCancellationRequested)
        {
            var state = hub.GetOrCreate<T>(stream);
            if (!ReferenceEquals(state, _state))
            {
                // A new local state (the old one was dropped as idle): it knows nothing of the home yet.
                _state = state;
                _stateSynced = false;
            }

            if (ShouldStop(state))
            {
                return;
            }

            var home = _redirect ?? owner.Locator.HomeOf(stream);
            if (home is not { } target)
            {
                await owner.DelayAsync().ConfigureAwait(false);
                continue;
            }

            StreamPullResult result;
            var ringChanged = owner.RingChanged;
            try
            {
                var after = _stateSynced ? state.Position : (StreamSequenceToken?)null;
                var pull = new StreamPull(
                    stream.Namespace, stream.Key, after is not null, after?.Epoch ?? 0, after?.Sequence ?? 0,
                    owner.Options.MaxPullBatch, (long)owner.Options.PullWait.TotalMilliseconds);
                using var abandon = CancellationTokenSource.CreateLinkedTokenSource(stopping, ringChanged);
                result = await owner.PullAsync(target, pull).WaitAsync(abandon.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ringChanged.IsCancellationRequested && !stopping.IsCancellationRequested)
            {
                // The ring changed while the pull waited: ask the stream's home as it is now.
                _redirect = null;
                continue;
            }
            catch (Exception exception) when (!stopping.IsCancellationRequested)
            {
                owner.Log.PullFailed(stream, target, exception);
                _redirect = null;
                await owner.DelayAsync().ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (result.MovedTo is { } movedTo)
            {
                // The silo asked sees another home: go there (after a beat, in case two views disagree for a moment).
                _redirect = movedTo.Length == 0 ? null : SiloAddress.Parse(movedTo);
                await owner.DelayAsync().ConfigureAwait(false);
                continue;
            }

            if (result.Busy)
            {
                await owner.DelayAsync().ConfigureAwait(false);
                continue;
            }

            await ApplyAsync(state, result, stopping).ConfigureAwait(false);
            _synced.TrySetResult();
        }
    }

    private bool ShouldStop(StreamState<T> state)
    {
        lock (_lock)
        {
            var now = owner.TimeProvider.GetTimestamp();
            if (state.SubscriptionCount > 0)
            {
                _wantedAt = now;
                return false;
            }

            if (owner.TimeProvider.GetElapsedTime(_wantedAt, now) < owner.Options.MirrorLinger)
            {
                return false;
            }

            _stopped = true;
            _running = false;
            owner.Forget(stream, this);
            return true;
        }
    }

    private async Task ApplyAsync(StreamState<T> state, StreamPullResult result, CancellationToken stopping)
    {
        var epoch = result.Epoch;
        var position = state.Position;
        if (!_stateSynced || position.Epoch != epoch)
        {
            state.Restart(epoch, result.FirstSequence - 1, StreamGapReason.ResumeTokenUnknown, missed: null);
        }
        else if (result.GapReason is { } reason)
        {
            state.Restart(epoch, result.FirstSequence - 1, reason, result.GapMissed);
        }
        else if (result.Events.Length > 0 && result.FirstSequence != position.Sequence + 1)
        {
            state.Restart(epoch, result.FirstSequence - 1, StreamGapReason.ResumeTokenUnknown, missed: null);
        }

        _stateSynced = true;
        for (var i = 0; i < result.Events.Length; i++)
        {
            var sequence = result.FirstSequence + i;
            var payload = result.Events[i];
            if (payload.IsLoss)
            {
                state.Restart(epoch, sequence, StreamGapReason.Overflow, payload.Dropped);
                continue;
            }

            T item;
            try
            {
                item = (payload.Utf8 is { } utf8
                    ? JsonSerializer.Deserialize<T>(utf8, WireSerialization.Options)
                    : JsonSerializer.Deserialize<T>(payload.Json!, WireSerialization.Options))!;
            }
            catch (JsonException exception)
            {
                owner.Log.UnreadableEvent(stream, typeof(T).Name, exception);
                state.Restart(epoch, sequence, StreamGapReason.Overflow, 1);
                continue;
            }

            var mirrored = new StreamEvent<T>(new StreamSequenceToken(epoch, sequence), item);
            while (true)
            {
                var outcome = state.TryPublishMirrored(mirrored, out var room);
                if (outcome == PublishOutcome.Published)
                {
                    break;
                }

                if (outcome == PublishOutcome.Retired)
                {
                    return;
                }

                // A Block subscriber here is full: the mirror waits (its home's retention keeps what it has not pulled).
                await room!.WaitAsync(stopping).ConfigureAwait(false);
            }
        }
    }
}
