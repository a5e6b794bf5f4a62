using System.Collections.Concurrent;
using Beach.Actors.Runtime.Registry;

namespace Beach.Actors.Runtime.Catalog;

/// <summary>The activations of this silo, one per grain id.</summary>
internal sealed class ActivationCatalog(GrainTypeRegistry registry, ActivationShared shared)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();

    // Kept beside the dictionary: ConcurrentDictionary.Count takes every lock, too dear for each creation.
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public ICollection<ActivationData> Activations => _activations.Values;

    /// <summary>The activation of <paramref name="grainId"/>, created (not yet activated) if there is none.</summary>
    public ActivationData GetOrCreate(GrainId grainId)
    {
        if (_activations.TryGetValue(grainId, out var existing))
        {
            return existing;
        }

        if (!registry.TryGetClass(grainId.Type, out var descriptor))
        {
            throw new InvalidOperationException(
                $"No grain class of type '{grainId.Type}' is registered on this silo; add its assembly to the silo.");
        }

        if (Volatile.Read(ref _count) >= shared.Options.MaxActivations)
        {
            throw new OverloadedException(
                $"This silo holds {shared.Options.MaxActivations} activations, its limit; retry once idle ones are collected.",
                shared.Options.OverloadRetryAfter);
        }

        var created = new ActivationData(grainId, descriptor, shared);
        if (_activations.TryAdd(grainId, created))
        {
            Interlocked.Increment(ref _count);
            return created;
        }

        return _activations.TryGetValue(grainId, out existing) ? existing : GetOrCreate(grainId);
    }

    public bool TryGet(GrainId grainId, out ActivationData activation) => _activations.TryGetValue(grainId, out activation!);

    public void Remove(ActivationData activation)
    {
        if (_activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation)))
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
