namespace Beach.Actors.CodeGen.Tests.Samples;

/// <summary>A Guid-keyed base interface, to prove inherited methods are generated.</summary>
public interface INamedGrain : IGrainWithGuidKey
{
    Task<string> GetName();
}

/// <summary>Extends <see cref="INamedGrain"/>; marked reentrant so that its grain class inherits the flag.</summary>
[Reentrant]
public interface IPlayerGrain : INamedGrain
{
    ValueTask Rename(string name);
}

/// <summary>An integer-keyed grain interface.</summary>
public interface IScoreboardGrain : IGrainWithIntegerKey
{
    Task<long> Top(int count);
}

/// <summary>The persisted state of a player.</summary>
public sealed class PlayerProfile
{
    public string Name { get; set; } = string.Empty;
}
