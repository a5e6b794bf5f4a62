using System.Collections.Concurrent;
using System.Globalization;
using Beach.Actors.Invocation;
using Beach.Actors.Runtime.Registry;

namespace Beach.Actors.Runtime.Messaging;

/// <summary>Creates grain references bound to this process's runtime client.</summary>
internal sealed class GrainFactory(GrainTypeRegistry registry, IGrainCallInvoker invoker) : IGrainFactory
{
    // Per factory, not static: several silos with different registries may share one test process.
    private readonly ConcurrentDictionary<Type, GrainInterfaceEntry> _entries = new();

    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        return Create<TGrain>(key);
    }

    public TGrain GetGrain<TGrain>(Guid key) where TGrain : IGrainWithGuidKey
        => Create<TGrain>(key.ToString("N"));

    public TGrain GetGrain<TGrain>(long key) where TGrain : IGrainWithIntegerKey
        => Create<TGrain>(key.ToString(CultureInfo.InvariantCulture));

    private TGrain Create<TGrain>(string key)
    {
        var entry = _entries.GetOrAdd(typeof(TGrain), registry.GetInterface);
        return (TGrain)(object)entry.CreateReference(new GrainId(entry.GrainType, key), invoker);
    }
}
