namespace Beach.Actors.Runtime.Hosting;

/// <summary>Counters of a silo's activations, for tests, benchmarks and telemetry.</summary>
public sealed class SiloStatistics
{
    private long _activated;
    private long _deactivated;
    private long _collected;

    /// <summary>Activations that completed OnActivateAsync.</summary>
    public long Activated => Interlocked.Read(ref _activated);

    /// <summary>Activations that completed deactivation, for any reason.</summary>
    public long Deactivated => Interlocked.Read(ref _deactivated);

    /// <summary>Activations deactivated by idle collection.</summary>
    public long Collected => Interlocked.Read(ref _collected);

    internal void OnActivated() => Interlocked.Increment(ref _activated);

    internal void OnDeactivated(DeactivationReason reason)
    {
        Interlocked.Increment(ref _deactivated);
        if (reason == DeactivationReason.IdleCollection)
        {
            Interlocked.Increment(ref _collected);
        }
    }
}
