using Beach.Actors.Invocation;

namespace Beach.Actors.Runtime.Messaging;

/// <summary>
/// One request on its way to a grain. Local and remote calls build the same message; only how it travels differs.
/// </summary>
internal sealed class Message
{
    private const int CANCELLED = 1;

    /// <summary>The longest delay a timer takes; a deadline further out (or none) gets no timer at all.</summary>
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);
    private CancellationTokenSource? _calleeCancellation;
    private int _cancelled;

    public Message(long id, GrainId target, IInvokable body, IResponseSink responseSink, CallChain? chain, long deadlineTimestamp)
    {
        Id = id;
        Target = target;
        Body = body;
        ResponseSink = responseSink;
        Chain = chain;
        DeadlineTimestamp = deadlineTimestamp;
        Options = body.Method.Options;
    }

    public long Id { get; }

    public GrainId Target { get; }

    public IInvokable Body { get; }

    public IResponseSink ResponseSink { get; }

    /// <summary>The grains the call came through, newest first; null for a call from outside any grain.</summary>
    public CallChain? Chain { get; }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> after which the caller no longer waits.</summary>
    public long DeadlineTimestamp { get; }

    public InvokeMethodOptions Options { get; }

    /// <summary>Set for timer ticks and other messages that must run whatever the activation is doing.</summary>
    public bool AlwaysInterleave => (Options & InvokeMethodOptions.AlwaysInterleave) != 0;

    public bool IsReadOnly => (Options & InvokeMethodOptions.ReadOnly) != 0;

    /// <summary>Whether running it keeps the activation from idle collection. Timer ticks may not.</summary>
    public bool CountsAsActivity { get; init; } = true;

    /// <summary>
    /// A timer tick belongs to the activation that armed it: it runs that activation's callback, so it is dropped,
    /// never forwarded, when the activation goes away.
    /// </summary>
    public bool IsBoundToActivation { get; init; }

    /// <summary>How often the message was sent on to a newer activation because the one it reached was going away.</summary>
    public int ForwardCount { get; set; }

    public bool IsCancelled => Volatile.Read(ref _cancelled) == CANCELLED;

    /// <summary>The token the grain method sees: cancelled when the caller cancels or the deadline passes.</summary>
    public CancellationToken CreateCalleeToken(TimeProvider timeProvider, TimeSpan untilDeadline)
    {
        var source = untilDeadline > MaxTimerDelay
            ? new CancellationTokenSource()
            : new CancellationTokenSource(untilDeadline > TimeSpan.Zero ? untilDeadline : TimeSpan.Zero, timeProvider);
        if (Interlocked.CompareExchange(ref _calleeCancellation, source, null) is not null)
        {
            source.Dispose();
        }

        if (IsCancelled)
        {
            _calleeCancellation!.Cancel();
        }

        return _calleeCancellation!.Token;
    }

    /// <summary>What a cancellation message from the caller does: the queued call is dropped, a running one is signalled.</summary>
    public void CancelCallee()
    {
        if (Interlocked.Exchange(ref _cancelled, CANCELLED) == CANCELLED)
        {
            return;
        }

        try
        {
            Volatile.Read(ref _calleeCancellation)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call finished while the cancel was on its way.
        }
    }

    public void Respond(Response response)
    {
        _calleeCancellation?.Dispose();
        ResponseSink.Complete(response);
    }

    public override string ToString() => $"#{Id} {Body.Method} → {Target}";
}
