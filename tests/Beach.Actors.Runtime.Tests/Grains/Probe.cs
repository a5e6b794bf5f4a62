namespace Beach.Actors.Runtime.Tests.Grains;

/// <summary>What the test grains report to the tests: how many turns overlap, activations, deactivations.</summary>
public sealed class Probe
{
    private int _inside;
    private int _maxInside;
    private int _activations;
    private int _deactivations;
    private int _ticks;

    public TaskCompletionSource Gate { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<DeactivationReason> Deactivated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Inside => Volatile.Read(ref _inside);

    public int MaxInside => Volatile.Read(ref _maxInside);

    public int Activations => Volatile.Read(ref _activations);

    public int Deactivations => Volatile.Read(ref _deactivations);

    public int Ticks => Volatile.Read(ref _ticks);

    public bool SawCancellation { get; set; }

    public void Enter()
    {
        var inside = Interlocked.Increment(ref _inside);
        int max;
        while (inside > (max = Volatile.Read(ref _maxInside)) && Interlocked.CompareExchange(ref _maxInside, inside, max) != max)
        {
        }
    }

    public void Leave() => Interlocked.Decrement(ref _inside);

    public void OnActivated() => Interlocked.Increment(ref _activations);

    public void OnDeactivated(DeactivationReason reason)
    {
        Interlocked.Increment(ref _deactivations);
        Deactivated.TrySetResult(reason);
    }

    public void OnTick() => Interlocked.Increment(ref _ticks);

    public void Release() => Gate.TrySetResult();

    /// <summary>Waits (in real time, bounded) until <paramref name="condition"/> holds: for events on other threads, not for clocks.</summary>
    public static async Task WaitUntil(Func<bool> condition, int timeoutMilliseconds = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("The condition did not hold in time.");
            }

            await Task.Delay(5);
        }
    }
}
