using System.Collections.Concurrent;
using Beach.Actors.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace Beach.Actors.Runtime.Messaging;

/// <summary>
/// The calls this process is waiting on. A sweep on <see cref="SiloOptions.TimeoutSweepPeriod"/> fails those past
/// their deadline with <see cref="GrainCallTimeoutException"/>: the outcome is unknown to the caller.
/// </summary>
internal sealed class InFlightCalls : IDisposable
{
    private readonly ConcurrentDictionary<long, ICallCompletion> _calls = new();
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _sweep;

    public InFlightCalls(TimeProvider timeProvider, IOptions<SiloOptions> options)
    {
        _timeProvider = timeProvider;
        var period = options.Value.TimeoutSweepPeriod;
        _sweep = timeProvider.CreateTimer(static state => ((InFlightCalls)state!).Sweep(), this, period, period);
    }

    public int Count => _calls.Count;

    public void Add(ICallCompletion call) => _calls[call.MessageId] = call;

    public void Remove(long messageId) => _calls.TryRemove(messageId, out _);

    internal void Sweep()
    {
        var now = _timeProvider.GetTimestamp();
        foreach (var (_, call) in _calls)
        {
            if (call.DeadlineTimestamp <= now)
            {
                call.Fail(new GrainCallTimeoutException(
                    $"No response to call #{call.MessageId} before its deadline; the outcome is unknown."));
            }
        }
    }

    public void Dispose() => _sweep.Dispose();
}
