using Beach.Actors.Audit;
using Beach.Actors.Persistence;

namespace Beach.Actors.CodeGen.Tests.Samples;

/// <summary>A grain class with a persistent state, a required service and an optional one.</summary>
public sealed class PlayerGrain(
    [PersistentState("profile", "store")] IPersistentState<PlayerProfile> profile,
    TimeProvider clock,
    IAuditLog? audit) : Grain, IPlayerGrain
{
    public Task<string> GetName() => Task.FromResult(profile.State.Name);

    public ValueTask Rename(string name)
    {
        _ = clock.GetUtcNow();
        _ = audit;
        profile.State.Name = name;
        return ValueTask.CompletedTask;
    }
}

/// <summary>A grain class that names its grain type explicitly.</summary>
[GrainType("board")]
public sealed class ScoreboardGrain : Grain, IScoreboardGrain
{
    public Task<long> Top(int count) => Task.FromResult((long)count);
}
