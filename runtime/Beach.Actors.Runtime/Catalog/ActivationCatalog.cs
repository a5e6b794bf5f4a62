using System.Collections.Concurrent;
using Beach.Actors.Runtime.Registry;

namespace Beach.Actors.Runtime.Catalog;

/// <summary>The activations of this silo, one per grain id.</summary>
internal sealed class ActivationCatalog(GrainTypeRegistry registry, ActivationShared shared)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();

    public int Count => _activations.Count;

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

        return _activations.GetOrAdd(grainId, static (id, state) => new ActivationData(id, state.descriptor, state.shared), (descriptor, shared));
    }

    public bool TryGet(GrainId grainId, out ActivationData activation) => _activations.TryGetValue(grainId, out activation!);

    public void Remove(ActivationData activation)
        => _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));
}
