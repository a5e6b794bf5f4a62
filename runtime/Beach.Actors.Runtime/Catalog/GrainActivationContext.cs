using Beach.Actors.Invocation;
using Beach.Actors.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Beach.Actors.Runtime.Catalog;

/// <summary>What a generated grain factory resolves its constructor parameters from.</summary>
internal sealed class GrainActivationContext(ActivationData activation, IServiceProvider services) : IGrainActivationContext
{
    public T GetRequiredService<T>() where T : notnull => services.GetRequiredService<T>();

    public T? GetService<T>() => services.GetService<T>();

    public IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
        => activation.CreatePersistentState<TState>(stateName, storageName);
}
