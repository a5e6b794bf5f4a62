using System.Text.Json;

namespace Beach.Actors.Runtime.Hosting;

/// <summary>How a silo runs its activations. Every default is documented next to its constant.</summary>
public sealed class SiloOptions
{
    /// <summary>An activation untouched for this long is collected. Orleans' default, and ours.</summary>
    public const int DEFAULT_COLLECTION_AGE_MINUTES = 15;

    /// <summary>How often the collector looks for idle activations; an activation lives at most age + quantum idle.</summary>
    public const int DEFAULT_COLLECTION_QUANTUM_SECONDS = 60;

    /// <summary>A caller waits this long for a response; then the outcome is unknown and it gets a timeout.</summary>
    public const int DEFAULT_RESPONSE_TIMEOUT_SECONDS = 30;

    /// <summary>How often expired calls are looked for; a timeout fires at most this much late.</summary>
    public const int DEFAULT_TIMEOUT_SWEEP_MILLISECONDS = 1_000;

    /// <summary>
    /// Requests waiting at one activation before new ones are refused with <see cref="OverloadedException"/>:
    /// enough for bursts, small enough that one hot grain cannot hold the silo's memory.
    /// </summary>
    public const int DEFAULT_MAX_ENQUEUED_REQUESTS_PER_ACTIVATION = 10_000;

    /// <summary>Turns one activation runs before yielding its thread to others, so a hot grain cannot starve the rest.</summary>
    public const int DEFAULT_MAX_TURNS_PER_SLICE = 64;

    /// <summary>
    /// Activations one silo holds before new ones are refused with <see cref="OverloadedException"/>: an idle session
    /// activation costs about 1 KB of heap, so the default bounds that at about 1 GB.
    /// </summary>
    public const int DEFAULT_MAX_ACTIVATIONS = 1_000_000;

    /// <summary>How long deactivating all activations may take when the silo stops.</summary>
    public const int DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 30;

    /// <summary>What a caller is told to wait before retrying a refused call.</summary>
    public const int DEFAULT_OVERLOAD_RETRY_AFTER_MILLISECONDS = 100;

    /// <summary>See <see cref="DEFAULT_COLLECTION_AGE_MINUTES"/>.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(DEFAULT_COLLECTION_AGE_MINUTES);

    /// <summary>See <see cref="DEFAULT_COLLECTION_QUANTUM_SECONDS"/>.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromSeconds(DEFAULT_COLLECTION_QUANTUM_SECONDS);

    /// <summary>See <see cref="DEFAULT_RESPONSE_TIMEOUT_SECONDS"/>.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(DEFAULT_RESPONSE_TIMEOUT_SECONDS);

    /// <summary>See <see cref="DEFAULT_TIMEOUT_SWEEP_MILLISECONDS"/>.</summary>
    public TimeSpan TimeoutSweepPeriod { get; set; } = TimeSpan.FromMilliseconds(DEFAULT_TIMEOUT_SWEEP_MILLISECONDS);

    /// <summary>See <see cref="DEFAULT_MAX_ENQUEUED_REQUESTS_PER_ACTIVATION"/>.</summary>
    public int MaxEnqueuedRequestsPerActivation { get; set; } = DEFAULT_MAX_ENQUEUED_REQUESTS_PER_ACTIVATION;

    /// <summary>See <see cref="DEFAULT_MAX_ACTIVATIONS"/>.</summary>
    public int MaxActivations { get; set; } = DEFAULT_MAX_ACTIVATIONS;

    /// <summary>See <see cref="DEFAULT_MAX_TURNS_PER_SLICE"/>.</summary>
    public int MaxTurnsPerSlice { get; set; } = DEFAULT_MAX_TURNS_PER_SLICE;

    /// <summary>See <see cref="DEFAULT_SHUTDOWN_TIMEOUT_SECONDS"/>.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);

    /// <summary>See <see cref="DEFAULT_OVERLOAD_RETRY_AFTER_MILLISECONDS"/>.</summary>
    public TimeSpan OverloadRetryAfter { get; set; } = TimeSpan.FromMilliseconds(DEFAULT_OVERLOAD_RETRY_AFTER_MILLISECONDS);

    /// <summary>How grain state is serialized for storage. Default: System.Text.Json's web defaults.</summary>
    public JsonSerializerOptions StateSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);
}
