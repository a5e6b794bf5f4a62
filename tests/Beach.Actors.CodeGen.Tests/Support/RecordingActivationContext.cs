using Beach.Actors.Invocation;
using Beach.Actors.Persistence;

namespace Beach.Actors.CodeGen.Tests.Support;

/// <summary>Answers a grain factory's requests from a fixed set of services and records each one.</summary>
internal sealed class RecordingActivationContext(params object[] services) : IGrainActivationContext
{
    public List<string> Requests { get; } = [];

    public T GetRequiredService<T>() where T : notnull
    {
        Requests.Add($"required {typeof(T).Name}");
        return services.OfType<T>().Single();
    }

    public T? GetService<T>()
    {
        Requests.Add($"optional {typeof(T).Name}");
        return services.OfType<T>().SingleOrDefault();
    }

    public IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
    {
        Requests.Add($"state {typeof(TState).Name} {stateName} {storageName ?? "<default>"}");
        return new InMemoryState<TState>();
    }

    private sealed class InMemoryState<TState> : IPersistentState<TState>
    {
        public TState State { get; set; } = default!;

        public string? Etag => null;

        public bool RecordExists => false;

        public Task ReadStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task WriteStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task ClearStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
