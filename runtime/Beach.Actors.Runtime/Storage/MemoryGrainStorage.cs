using System.Collections.Concurrent;
using System.Globalization;
using Beach.Actors.Persistence;

namespace Beach.Actors.Runtime.Storage;

/// <summary>Grain storage in this process's memory, with the same ETag rules as the durable providers. For tests.</summary>
public sealed class MemoryGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<(GrainId, string), StoredState> _states = new();
    private long _nextEtag;

    /// <inheritdoc />
    public Task<StoredState?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
        => Task.FromResult(_states.TryGetValue((grainId, stateName), out var stored) ? stored : null);

    /// <inheritdoc />
    public Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken)
    {
        var key = (grainId, stateName);
        var next = new StoredState(payload.ToArray(), Interlocked.Increment(ref _nextEtag).ToString(CultureInfo.InvariantCulture));
        if (expectedEtag is null)
        {
            if (!_states.TryAdd(key, next))
            {
                throw Conflict(grainId, stateName, expectedEtag);
            }
        }
        else if (!_states.TryGetValue(key, out var current) || current.Etag != expectedEtag || !_states.TryUpdate(key, next, current))
        {
            throw Conflict(grainId, stateName, expectedEtag);
        }

        return Task.FromResult(next.Etag);
    }

    /// <inheritdoc />
    public Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        var key = (grainId, stateName);
        if (_states.TryGetValue(key, out var current) && (current.Etag != expectedEtag || !_states.TryRemove(new(key, current))))
        {
            throw Conflict(grainId, stateName, expectedEtag);
        }

        return Task.CompletedTask;
    }

    private InconsistentStateException Conflict(GrainId grainId, string stateName, string? expectedEtag)
    {
        var stored = _states.TryGetValue((grainId, stateName), out var current) ? current.Etag : null;
        return new InconsistentStateException(
            $"State '{stateName}' of {grainId} was written by someone else: stored ETag {stored ?? "none"}, this writer held {expectedEtag ?? "none"}.",
            stored,
            expectedEtag);
    }
}
